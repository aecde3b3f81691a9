// The marmot daemon (issue 3): being built.
print("marmot: the daemon is being built; use marmot-sim for now")
