import Protocol
import Storage

/// A DDL statement waiting for its database's lease.
struct QueuedDDL {
    var client: WaitingClient
    var writes: WriteSet
}

extension MarmotNode {
    /// Run one client statement. Reads answer at once from the local copy. Writes run inside
    /// a local SQLite transaction only to capture their row images, which is rolled back: the
    /// images then go through the distributed commit and come back through the same LWW
    /// apply on every node, this one included.
    func execute(_ request: ClientRequest, now: Milliseconds, into out: inout Outbox) {
        let consistency = request.consistency ?? config.defaultWriteConsistency
        func fail(_ code: Int, _ message: String) {
            out.reply(ClientReply(id: request.id, result: .failure(ClientError(code: code, message: message))))
        }
        switch StatementClassifier.classify(request.sql) {
        case .unsupported(let word):
            fail(1064, "You have an error in your SQL syntax near '\(word)'")
        case .transaction(let control):
            executeTransactionControl(control, request, now: now, into: &out)
        case .show(let kind):
            executeShow(kind, request, into: &out)
        case let .createDatabase(name, ifNotExists):
            guard NodeStorage.isValidDatabaseName(name) else { return fail(1102, "Incorrect database name '\(name)'") }
            if ((try? storage.databaseNames()) ?? []).contains(name) {
                if ifNotExists { return out.reply(ClientReply(id: request.id, result: .success(StatementOutcome()))) }
                return fail(1007, "Can't create database '\(name)'; database exists")
            }
            // An empty write set to the new database: applying it anywhere creates the file,
            // and its log entry is what anti-entropy carries to nodes that missed it.
            let client = WaitingClient(request: request, consistency: consistency, affectedRows: 1, lastInsertID: 0, isDDL: false, database: name)
            beginTransaction(WriteSet(database: name), for: client, now: now, into: &out)
        case .dropDatabase:
            fail(1235, "DROP DATABASE does not replicate yet")
        case .read:
            if mentionsClusterTable(request.sql) { return queryClusterTable(request, into: &out) }
            guard let db = openDatabase(request.database, fail: fail) else { return }
            if sessionTransactions[request.session]?.statements.isEmpty == false {
                return executeInTransaction(request, isWrite: false, database: db, into: &out)
            }
            do {
                let result = try db.query(request.sql, [])
                out.reply(ClientReply(id: request.id, result: .success(StatementOutcome(columns: result.columns, rows: result.rows, declaredTypes: result.declaredTypes))))
            } catch {
                let e = ClientError(sqlite: error)
                fail(e.code, e.message)
            }
        case .write:
            guard let db = openDatabase(request.database, fail: fail) else { return }
            if sessionTransactions[request.session] != nil {
                return executeInTransaction(request, isWrite: true, database: db, into: &out)
            }
            do {
                try db.beginCapture()
                let result: StatementResult
                do {
                    result = try db.execute(request.sql, [])
                } catch {
                    db.captureRollback()
                    throw error
                }
                let changes = try db.endCapture()
                if changes.isEmpty {
                    return out.reply(ClientReply(id: request.id, result: .success(StatementOutcome(affectedRows: 0, lastInsertID: result.lastInsertRowID))))
                }
                let client = WaitingClient(request: request, consistency: consistency, affectedRows: result.changes,
                                           lastInsertID: result.lastInsertRowID, isDDL: false, database: request.database)
                beginTransaction(WriteSet(database: request.database, changes: changes), for: client, now: now, into: &out)
            } catch {
                let e = ClientError(sqlite: error)
                fail(e.code, e.message)
            }
        case .schema:
            guard let db = openDatabase(request.database, fail: fail) else { return }
            if sessionTransactions[request.session]?.statements.isEmpty == false {
                return fail(1235, "DDL inside an explicit transaction with pending writes is not supported; COMMIT first")
            }
            do {
                // Run it once inside a rolled-back transaction: a statement that fails here
                // fails for the client and never reaches the cluster.
                try db.beginCapture()
                do {
                    _ = try db.execute(request.sql, [])
                } catch {
                    db.captureRollback()
                    throw error
                }
                _ = try db.endCapture()
            } catch {
                let e = ClientError(sqlite: error)
                return fail(e.code, e.message)
            }
            let writes = WriteSet(database: request.database, ddl: [StatementClassifier.idempotent(request.sql)])
            let client = WaitingClient(request: request, consistency: consistency, affectedRows: 0, lastInsertID: 0, isDDL: true, database: request.database)
            enqueueDDL(QueuedDDL(client: client, writes: writes), now: now, into: &out)
        }
    }

    private func openDatabase(_ name: String, fail: (Int, String) -> Void) -> DatabaseFile? {
        guard ((try? storage.databaseNames()) ?? []).contains(name), let db = try? storage.database(named: name) else {
            fail(1049, "Unknown database '\(name)'")
            return nil
        }
        return db
    }

    // MARK: DDL behind the lease

    func enqueueDDL(_ item: QueuedDDL, now: Milliseconds, into out: inout Outbox) {
        let database = item.writes.database
        ddlQueue[database, default: []].append(item)
        if heldLeases[database] != nil {
            if ddlRunning[database] == nil { startQueuedDDL(database: database, now: now, into: &out) }
            return
        }
        run(ddlLock.handle(.acquire(database: database, members: membership.quorumMembers, reachable: membership.reachableMembers), now: now),
            now: now, into: &out)
    }

    /// The lease is ours: run the next queued DDL statement of the database as a transaction.
    func startQueuedDDL(database: String, now: Milliseconds, into out: inout Outbox) {
        guard ddlRunning[database] == nil, var queue = ddlQueue[database], !queue.isEmpty else {
            if ddlRunning[database] == nil { releaseLease(database: database, now: now, into: &out) }
            return
        }
        let item = queue.removeFirst()
        ddlQueue[database] = queue.isEmpty ? nil : queue
        beginTransaction(item.writes, for: item.client, now: now, into: &out)
    }

    func failQueuedDDL(database: String, into out: inout Outbox) {
        for item in ddlQueue.removeValue(forKey: database) ?? [] {
            out.reply(ClientReply(id: item.client.request.id, result: .failure(ClientError(
                code: 1205, message: message(for: .ddlLockUnavailable)))))
        }
    }

    /// After a DDL transaction: run the next queued one under the same lease, or release it.
    func releaseLease(database: String, now: Milliseconds, into out: inout Outbox) {
        if let held = heldLeases[database], now < held.until, ddlQueue[database]?.isEmpty == false {
            startQueuedDDL(database: database, now: now, into: &out)
            return
        }
        run(ddlLock.handle(.release(database: database), now: now), now: now, into: &out)
        if ddlQueue[database]?.isEmpty == false {
            run(ddlLock.handle(.acquire(database: database, members: membership.quorumMembers, reachable: membership.reachableMembers), now: now),
                now: now, into: &out)
        }
    }
}

extension ClientError {
    /// MySQL codes for what SQLite reports.
    init(sqlite error: Error) {
        if let e = error as? SQLiteError {
            let text = e.message
            if text.hasPrefix("no such table") {
                self.init(code: 1146, message: "Table doesn't exist: \(text)")
            } else if text.contains("syntax error") || text.hasPrefix("incomplete input") || text.hasPrefix("unrecognized token") {
                self.init(code: 1064, message: "You have an error in your SQL syntax: \(text)")
            } else if text.hasPrefix("UNIQUE constraint failed") || text.hasPrefix("PRIMARY KEY must be unique") {
                self.init(code: 1062, message: "Duplicate entry: \(text)")
            } else if text.hasPrefix("no such column") {
                self.init(code: 1054, message: "Unknown column: \(text)")
            } else if text.hasPrefix("NOT NULL constraint failed") {
                self.init(code: 1048, message: "Column cannot be null: \(text)")
            } else if text.hasPrefix("table") && text.hasSuffix("already exists") {
                self.init(code: 1050, message: "Table already exists: \(text)")
            } else {
                self.init(code: 1105, message: text)
            }
        } else {
            self.init(code: 1105, message: "\(error)")
        }
    }
}
