import Node
import Protocol

/// Whether the active nodes (running, not removed) hold the same data: the same databases,
/// equal digests of every database, and equal applied positions of every stream.
public struct ConvergenceCheck {
    public struct Report: CustomStringConvertible {
        public var converged: Bool
        public var differences: [String]
        public var description: String { converged ? "converged" : differences.joined(separator: "; ") }
    }

    public static func check(_ simulation: Simulation) -> Report {
        let names = simulation.activeNodeNames
        guard names.count > 1 else { return Report(converged: true, differences: []) }
        var views: [(name: String, databases: [String: (digest: UInt64, streams: [String])])] = []
        var differences: [String] = []
        for name in names {
            guard let process = simulation.process(name) else { continue }
            let probe = StorageProbe(process: process)
            var dbs: [String: (digest: UInt64, streams: [String])] = [:]
            do {
                for db in try probe.databaseNames() {
                    let streams = try probe.streams(db).map { "\($0.origin):\($0.applied)" }
                    dbs[db] = (try probe.digest(db), streams)
                }
            } catch {
                differences.append("\(name): storage read failed: \(error)")
            }
            views.append((name, dbs))
        }
        guard let first = views.first else { return Report(converged: true, differences: differences) }
        let allDatabases = Set(views.flatMap { $0.databases.keys }).sorted()
        for db in allDatabases {
            let reference = first.databases[db]
            for view in views.dropFirst() {
                let other = view.databases[db]
                switch (reference, other) {
                case (nil, nil):
                    continue
                case (nil, _):
                    differences.append("\(db): on \(view.name), not on \(first.name)")
                case (_, nil):
                    differences.append("\(db): on \(first.name), not on \(view.name)")
                case let (r?, o?):
                    if r.streams != o.streams {
                        differences.append("\(db) streams: \(first.name) [\(r.streams.joined(separator: " "))] vs \(view.name) [\(o.streams.joined(separator: " "))]")
                    } else if r.digest != o.digest {
                        differences.append("\(db) digest: \(first.name) \(TraceHash.hex(r.digest)) vs \(view.name) \(TraceHash.hex(o.digest))")
                    }
                }
            }
        }
        return Report(converged: differences.isEmpty, differences: differences)
    }
}
