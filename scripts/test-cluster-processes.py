#!/usr/bin/env python3
"""Real-process cluster tests: three `marmot` processes on 127.0.0.1 driven through PyMySQL.

1. DDL and DML replicate in every direction.
2. Conflicting concurrent writers on three nodes converge to one value and only ever see
   1213 or 1205.
3. kill -9 of one node: QUORUM writes keep succeeding; the node restarts and catches up.
4. With two of three nodes down QUORUM writes fail with an error; with one down ALL fails.
5. A node with a wrong cluster secret never exchanges data.

Every wait has a deadline; nothing sleeps a fixed time to let something happen. Prints one
line per check and closes with "N passed, N failed". MARMOT_BIN picks the binary.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import pymysql

BIN = os.environ.get("MARMOT_BIN", ".build/debug/marmot")
CLUSTER_BASE = int(os.environ.get("PROCESS_TEST_CLUSTER_BASE", "18190"))
MYSQL_BASE = int(os.environ.get("PROCESS_TEST_MYSQL_BASE", "13490"))
SECRET = "process-test-secret"
DEADLINE = float(os.environ.get("MARMOT_WAIT_SECONDS", "40"))

CONFIG = """
[cluster]
gossip_interval_ms = 200
suspect_timeout_ms = 1000
dead_timeout_ms = 2000
[coordinator]
prepare_timeout_ms = 1000
commit_timeout_ms = 1000
[transaction]
heartbeat_timeout_seconds = 2
lock_wait_timeout_seconds = 10
[replication]
anti_entropy_interval_seconds = 1
"""


class Node:
    def __init__(self, work, n, seeds, secret=SECRET):
        self.n, self.work, self.seeds, self.secret = n, work, seeds, secret
        self.proc = None
        self.log_path = os.path.join(work, f"node-{n}.log")

    @property
    def mysql_port(self):
        return MYSQL_BASE + self.n

    @property
    def cluster_port(self):
        return CLUSTER_BASE + self.n

    def start(self):
        config = os.path.join(self.work, "config.toml")
        args = [BIN, "--config", config, "--node-id", str(self.n), "--data-dir", os.path.join(self.work, f"node-{self.n}"),
                "--cluster-bind", "127.0.0.1", "--cluster-port", str(self.cluster_port),
                "--mysql-bind", "127.0.0.1", "--mysql-port", str(self.mysql_port)]
        if self.seeds:
            args += ["--seed-nodes", ",".join(f"127.0.0.1:{CLUSTER_BASE + s}" for s in self.seeds)]
        env = dict(os.environ, MARMOT_CLUSTER_SECRET=self.secret)
        self.proc = subprocess.Popen(args, stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT, env=env)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill9()

    def connect(self, autocommit=True):
        return pymysql.connect(host="127.0.0.1", port=self.mysql_port, user="root", password="",
                               database="marmot", autocommit=autocommit, connect_timeout=3, read_timeout=30)

    def query(self, sql):
        with self.connect() as c, c.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()

    def execute(self, sql):
        with self.connect() as c, c.cursor() as cur:
            return cur.execute(sql)

    def members(self):
        req = urllib.request.Request(f"http://127.0.0.1:{self.cluster_port}/admin/cluster/members",
                                     headers={"X-Marmot-Secret": self.secret})
        with urllib.request.urlopen(req, timeout=2) as r:
            return json.loads(r.read())

    def alive_count(self):
        body = json.dumps(self.members())
        return body.count('"ALIVE"')


def wait_for(what, check, deadline=DEADLINE):
    end = time.monotonic() + deadline
    last = None
    while time.monotonic() < end:
        try:
            if check():
                return
        except Exception as e:  # not ready yet
            last = e
        time.sleep(0.1)
    raise AssertionError(f"timed out after {deadline}s waiting for {what}" + (f" (last error: {last})" if last else ""))


def error_code(exc):
    return exc.args[0] if exc.args else None


results = []


def check(name, fn):
    try:
        fn()
        results.append((name, True))
        print(f"PASS {name}", flush=True)
    except Exception as e:
        results.append((name, False))
        print(f"FAIL {name}: {e}", flush=True)


def main():
    work = tempfile.mkdtemp(prefix="marmot-process-test.")
    with open(os.path.join(work, "config.toml"), "w") as f:
        f.write(CONFIG)
    nodes = {1: Node(work, 1, []), 2: Node(work, 2, [1]), 3: Node(work, 3, [1])}
    rogue = Node(work, 4, [1], secret="wrong-secret")
    try:
        for n in (1, 2, 3):
            nodes[n].start()
            if n == 1:
                wait_for("node 1 to answer", lambda: nodes[1].members() is not None)
        for n in (1, 2, 3):
            wait_for(f"node {n} to see 3 ALIVE members", lambda n=n: nodes[n].alive_count() == 3)
            wait_for(f"MySQL on node {n}", lambda n=n: nodes[n].query("SELECT 1") is not None)

        def replicate_every_direction():
            nodes[1].execute("CREATE TABLE kv (k INT PRIMARY KEY, v VARCHAR(50), origin INT)")
            for n in (1, 2, 3):
                wait_for(f"table kv on node {n}", lambda n=n: nodes[n].query("SELECT COUNT(*) FROM kv") == ((0,),))
            for writer in (1, 2, 3):
                nodes[writer].execute(f"INSERT INTO kv VALUES ({writer}, 'from {writer}', {writer})")
            for reader in (1, 2, 3):
                wait_for(f"3 rows on node {reader}", lambda r=reader: nodes[r].query("SELECT COUNT(*) FROM kv") == ((3,),))
            nodes[2].execute("UPDATE kv SET v = 'updated on 2' WHERE k = 3")
            nodes[3].execute("DELETE FROM kv WHERE k = 1")
            nodes[1].execute("CREATE TABLE extra (id INT PRIMARY KEY)")
            for reader in (1, 2, 3):
                wait_for(f"update and delete on node {reader}",
                         lambda r=reader: nodes[r].query("SELECT k, v FROM kv ORDER BY k") == ((2, "from 2"), (3, "updated on 2")))
                wait_for(f"table extra on node {reader}", lambda r=reader: nodes[r].query("SELECT COUNT(*) FROM extra") == ((0,),))

        def conflicting_writers_converge():
            nodes[1].execute("INSERT INTO kv VALUES (100, 'start', 0)")
            for n in (1, 2, 3):
                wait_for(f"row 100 on node {n}", lambda n=n: nodes[n].query("SELECT COUNT(*) FROM kv WHERE k = 100") == ((1,),))
            unexpected = []
            outcomes = {"ok": 0, 1213: 0, 1205: 0}
            lock = threading.Lock()

            def writer(n):
                with nodes[n].connect() as c, c.cursor() as cur:
                    for i in range(25):
                        try:
                            cur.execute(f"UPDATE kv SET v = 'node {n} write {i}', origin = {n} WHERE k = 100")
                            with lock:
                                outcomes["ok"] += 1
                        except pymysql.MySQLError as e:
                            code = error_code(e)
                            with lock:
                                if code in (1213, 1205):
                                    outcomes[code] += 1
                                else:
                                    unexpected.append(f"node {n}: {e}")
            threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2, 3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
            assert not unexpected, f"errors other than 1213/1205: {unexpected[:3]}"
            assert outcomes["ok"] > 0, f"no write succeeded: {outcomes}"
            wait_for("one value for row 100 everywhere",
                     lambda: len({nodes[n].query("SELECT v, origin FROM kv WHERE k = 100") for n in (1, 2, 3)}) == 1)
            print(f"     outcomes: {outcomes}", flush=True)

        def kill_one_and_catch_up():
            nodes[3].kill9()
            for i in range(10):
                nodes[1 + i % 2].execute(f"INSERT INTO kv VALUES ({200 + i}, 'while 3 down', 0)")
            nodes[3].start()
            wait_for("node 3 back on MySQL", lambda: nodes[3].query("SELECT 1") is not None)
            wait_for("node 3 caught up", lambda: nodes[3].query("SELECT COUNT(*) FROM kv WHERE k >= 200") == ((10,),))

        def quorum_and_all_need_their_nodes():
            wait_for("node 1 to see 3 ALIVE members", lambda: nodes[1].alive_count() == 3)
            nodes[3].kill9()
            try:
                nodes[1].execute("/*+ CONSISTENCY(ALL) */ INSERT INTO kv VALUES (300, 'all with one down', 0)")
                raise AssertionError("an ALL write succeeded with a node down")
            except pymysql.MySQLError as e:
                assert error_code(e) == 1205, f"ALL with one node down: expected 1205, got {e}"
            nodes[1].execute("INSERT INTO kv VALUES (301, 'quorum with one down', 0)")
            nodes[2].kill9()
            try:
                nodes[1].execute("INSERT INTO kv VALUES (302, 'quorum with two down', 0)")
                raise AssertionError("a QUORUM write succeeded with two of three nodes down")
            except pymysql.MySQLError as e:
                assert error_code(e) in (1205, 1213), f"QUORUM with two down: expected 1205, got {e}"
            nodes[2].start()
            nodes[3].start()
            for n in (2, 3):
                wait_for(f"node {n} back with row 301", lambda n=n: nodes[n].query("SELECT COUNT(*) FROM kv WHERE k = 301") == ((1,),))

        def wrong_secret_never_exchanges_data():
            rogue.start()
            wait_for("the rogue node's MySQL", lambda: rogue.query("SELECT 1") is not None)
            nodes[1].execute("INSERT INTO kv VALUES (400, 'secret', 0)")
            wait_for("row 400 on node 2", lambda: nodes[2].query("SELECT COUNT(*) FROM kv WHERE k = 400") == ((1,),))
            # The rogue has had the same time as node 2 and kept trying to join: it must hold
            # nothing of the cluster's data, and the cluster must not list it.
            assert rogue.query("SHOW TABLES") == (), f"the rogue node got tables: {rogue.query('SHOW TABLES')}"
            listed = json.dumps(nodes[1].members())
            assert f":{rogue.cluster_port}" not in listed, "the cluster lists the node with the wrong secret"
            with open(rogue.log_path) as f, open(nodes[1].log_path) as g:
                logs = f.read() + g.read()
            assert "invalid cluster secret" in logs, "no 'invalid cluster secret' in the logs"

        check("DDL and DML replicate in every direction", replicate_every_direction)
        check("conflicting concurrent writers converge, only 1213/1205", conflicting_writers_converge)
        check("kill -9 a node: QUORUM continues, the node catches up", kill_one_and_catch_up)
        check("QUORUM fails with two down, ALL with one down", quorum_and_all_need_their_nodes)
        check("a node with a wrong secret never exchanges data", wrong_secret_never_exchanges_data)
    finally:
        for node in list(nodes.values()) + [rogue]:
            node.stop()
        failed = [name for name, ok in results if not ok]
        if failed:
            for node in list(nodes.values()) + [rogue]:
                if os.path.exists(node.log_path):
                    print(f"--- node {node.n} log (last 25 lines) ---")
                    with open(node.log_path, errors="replace") as f:
                        print("".join(f.readlines()[-25:]))
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(1 for _, ok in results if ok)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if results and passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
