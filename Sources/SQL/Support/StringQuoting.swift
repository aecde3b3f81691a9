/// Quoting helpers shared by the printers (no Foundation needed for these).
extension String {
    /// The string with every `quote` character doubled: SQL's escape inside quotes.
    func doubling(_ quote: Character) -> String {
        guard contains(quote) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 2)
        for c in self {
            out.append(c)
            if c == quote { out.append(c) }
        }
        return out
    }
}
