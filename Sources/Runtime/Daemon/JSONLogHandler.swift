import Foundation
import Logging

/// `[logging] format = "json"`: one JSON object per line on standard error:
/// `{"ts":"2025-01-02T03:04:05.678Z","level":"info","logger":"marmot","msg":"...","node_id":"7"}`
/// (metadata values as strings, flattened into the object).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(line(level: event.level, message: event.message, metadata: event.metadata))
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        write(self.line(level: level, message: message, metadata: explicit))
    }

    func line(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?) -> String {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let explicit { all.merge(explicit) { _, new in new } }
        var out = "{\"ts\":\"\(Self.timestamp())\",\"level\":\"\(level.rawValue)\",\"logger\":\(Self.quote(label)),\"msg\":\(Self.quote(message.description))"
        for key in all.keys.sorted() where !["ts", "level", "logger", "msg"].contains(key) {
            out += ",\(Self.quote(key)):\(Self.quote("\(all[key]!)"))"
        }
        out += "}\n"
        return out
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var t = tm()
        gmtime_r(&seconds, &t)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
                      Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec), Int(ts.tv_nsec / 1_000_000))
    }
}

/// Logging setup from `[logging]`: console (swift-log's stream handler) or JSON lines, at
/// `info`, or `debug` with `verbose = true`. Only the executable bootstraps the global system;
/// libraries and tests pass `Logger`s made with `makeLogger`.
public enum DaemonLogging {
    public static func level(_ config: MarmotConfig.Logging) -> Logger.Level { config.verbose ? .debug : .info }

    public static func handlerFactory(_ config: MarmotConfig.Logging) -> @Sendable (String) -> LogHandler {
        let level = level(config)
        let json = config.format == "json"
        return { label in
            if json {
                var h = JSONLogHandler(label: label)
                h.logLevel = level
                return h
            }
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
    }

    /// Bootstraps swift-log for the process (call once, from `main`).
    public static func bootstrap(_ config: MarmotConfig.Logging) {
        LoggingSystem.bootstrap(handlerFactory(config))
    }

    public static func makeLogger(_ config: MarmotConfig.Logging, label: String = "marmot") -> Logger {
        Logger(label: label, factory: handlerFactory(config))
    }
}
