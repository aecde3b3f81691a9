import Protocol
import Storage

/// An explicit transaction of one client session (BEGIN ... COMMIT).
///
/// The node never holds a SQLite write transaction open between two inputs: the node is
/// single-threaded, and an open writer would block every commit arriving from the cluster.
/// Instead the session keeps the write statements it ran; each later statement of the
/// transaction replays them inside a capture that is rolled back, so it reads its own writes;
/// COMMIT replays them one last time and sends the captured row images through the
/// distributed commit. Intents are taken at COMMIT (optimistic), and a transaction that fails
/// there with 1213 or 1205 is already gone from the session, as clients like sysbench expect.
struct SessionTransaction {
    var database: String?
    var statements: [String] = []
    var savepoints: [(name: String, count: Int)] = []
    var consistency: Consistency?
}

extension MarmotNode {
    func executeTransactionControl(_ control: TransactionControl, _ request: ClientRequest, now: Milliseconds, into out: inout Outbox) {
        func ok() { out.reply(ClientReply(id: request.id, result: .success(StatementOutcome()))) }
        guard request.session != 0 else {
            return out.reply(ClientReply(id: request.id, result: .failure(ClientError(
                code: 1235, message: "explicit transactions need a client session"))))
        }
        switch control {
        case .begin:
            // MySQL commits an open transaction implicitly when a new one begins.
            let previous = sessionTransactions[request.session]
            sessionTransactions[request.session] = SessionTransaction(consistency: request.consistency)
            if let previous, !previous.statements.isEmpty {
                commit(previous, request: request, now: now, into: &out)
            } else {
                ok()
            }
        case .commit:
            guard let txn = sessionTransactions.removeValue(forKey: request.session) else { return ok() }
            commit(txn, request: request, now: now, into: &out)
        case .rollback:
            sessionTransactions[request.session] = nil
            ok()
        case .savepoint(let name):
            var txn = sessionTransactions[request.session] ?? SessionTransaction()
            txn.savepoints.removeAll { $0.name == name }
            txn.savepoints.append((name, txn.statements.count))
            sessionTransactions[request.session] = txn
            ok()
        case .rollbackTo(let name), .release(let name):
            guard var txn = sessionTransactions[request.session],
                  let index = txn.savepoints.lastIndex(where: { $0.name == name }) else {
                return out.reply(ClientReply(id: request.id, result: .failure(ClientError(code: 1305, message: "SAVEPOINT \(name) does not exist"))))
            }
            if case .rollbackTo = control {
                txn.statements.removeSubrange(txn.savepoints[index].count...)
                txn.savepoints.removeSubrange((index + 1)...)
            } else {
                txn.savepoints.removeSubrange(index...)
            }
            sessionTransactions[request.session] = txn
            ok()
        }
    }

    /// A statement inside an open transaction: replay what the transaction wrote, run the
    /// statement on top, roll everything back. Writes are remembered for the next replay.
    func executeInTransaction(_ request: ClientRequest, isWrite: Bool, database db: DatabaseFile, into out: inout Outbox) {
        guard var txn = sessionTransactions[request.session] else { return }
        if let current = txn.database, current != request.database, isWrite {
            return out.reply(ClientReply(id: request.id, result: .failure(ClientError(
                code: 1235, message: "a transaction writing to more than one database (\(current), \(request.database)) is not supported"))))
        }
        do {
            try db.beginCapture()
            let result: StatementResult
            do {
                if isWrite || txn.database == request.database { try replay(txn.statements, on: db) }
                result = try db.execute(request.sql, [])
            } catch {
                db.captureRollback()
                throw error
            }
            db.captureRollback()
            if isWrite {
                txn.database = request.database
                txn.statements.append(request.sql)
                sessionTransactions[request.session] = txn
                out.reply(ClientReply(id: request.id, result: .success(StatementOutcome(affectedRows: result.changes, lastInsertID: result.lastInsertRowID))))
            } else {
                out.reply(ClientReply(id: request.id, result: .success(StatementOutcome(columns: result.columns, rows: result.rows, declaredTypes: result.declaredTypes))))
            }
        } catch {
            // A failed statement leaves the transaction as it was, as in MySQL.
            let e = ClientError(sqlite: error)
            out.reply(ClientReply(id: request.id, result: .failure(e)))
        }
    }

    private func replay(_ statements: [String], on db: DatabaseFile) throws {
        for sql in statements { _ = try db.execute(sql, []) }
    }

    /// COMMIT: capture the transaction's row images once more and run the distributed commit.
    private func commit(_ txn: SessionTransaction, request: ClientRequest, now: Milliseconds, into out: inout Outbox) {
        guard let name = txn.database, !txn.statements.isEmpty else {
            return out.reply(ClientReply(id: request.id, result: .success(StatementOutcome())))
        }
        do {
            let db = try storage.database(named: name, create: false)
            try db.beginCapture()
            do {
                try replay(txn.statements, on: db)
            } catch {
                db.captureRollback()
                throw error
            }
            let changes = try db.endCapture()
            if changes.isEmpty {
                return out.reply(ClientReply(id: request.id, result: .success(StatementOutcome())))
            }
            let consistency = request.consistency ?? txn.consistency ?? config.defaultWriteConsistency
            let client = WaitingClient(request: request, consistency: consistency, affectedRows: 0, lastInsertID: 0, isDDL: false, database: name)
            beginTransaction(WriteSet(database: name, changes: changes), for: client, now: now, into: &out)
        } catch {
            let e = ClientError(sqlite: error)
            out.reply(ClientReply(id: request.id, result: .failure(ClientError(code: e.code, message: "transaction rolled back: \(e.message)"))))
        }
    }

    /// SHOW DATABASES and SHOW TABLES, answered from the node's own files.
    func executeShow(_ kind: ShowKind, _ request: ClientRequest, into out: inout Outbox) {
        switch kind {
        case .databases:
            let names = (try? storage.databaseNames()) ?? []
            out.reply(ClientReply(id: request.id, result: .success(StatementOutcome(columns: ["Database"], rows: names.map { [.text($0)] }))))
        case .tables:
            guard ((try? storage.databaseNames()) ?? []).contains(request.database),
                  let db = try? storage.database(named: request.database, create: false),
                  let tables = try? db.userTables() else {
                return out.reply(ClientReply(id: request.id, result: .failure(ClientError(code: 1049, message: "Unknown database '\(request.database)'"))))
            }
            out.reply(ClientReply(id: request.id, result: .success(StatementOutcome(
                columns: ["Tables_in_\(request.database)"], rows: tables.map { [.text($0)] }))))
        }
    }
}
