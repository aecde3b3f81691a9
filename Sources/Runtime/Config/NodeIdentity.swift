import Foundation
import Protocol

/// The node id: from the config, or (with `node_id = 0`) generated once and kept in the data
/// directory so a restarted node is the same member with the same log streams.
public enum NodeIdentity {
    /// The file in `data_dir` that holds a generated id (decimal, one line).
    public static let fileName = "node_id"

    /// Generated ids stay below 2^48: readable, and exact in JSON and JavaScript.
    static let generatedRange: ClosedRange<UInt64> = 1...((1 << 48) - 1)

    /// The id to run with. A configured id (non-zero) is used as is. Otherwise the id stored in
    /// `dataDirectory` is reused, or a fresh random one is generated and stored there.
    public static func resolve<G: RandomNumberGenerator>(configured: UInt64, dataDirectory: String, using generator: inout G) throws -> NodeID {
        if configured != 0 { return NodeID(configured) }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        let fm = FileManager.default
        if let data = fm.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).configTrimmed()
            guard let id = UInt64(text), id != 0 else {
                throw ConfigError("node_id = 0 and \(path) holds \"\(text)\", not a node id: fix or delete the file")
            }
            return NodeID(id)
        }
        do {
            try fm.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            let id = UInt64.random(in: generatedRange, using: &generator)
            // Write then rename: a crash never leaves a half-written id behind.
            let temporary = path + ".tmp"
            try Data("\(id)\n".utf8).write(to: URL(fileURLWithPath: temporary), options: .atomic)
            if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
            try fm.moveItem(atPath: temporary, toPath: path)
            return NodeID(id)
        } catch {
            throw ConfigError("node_id = 0: cannot store a generated node id in \(path): \(error)")
        }
    }

    public static func resolve(configured: UInt64, dataDirectory: String) throws -> NodeID {
        var rng = SystemRandomNumberGenerator()
        return try resolve(configured: configured, dataDirectory: dataDirectory, using: &rng)
    }
}
