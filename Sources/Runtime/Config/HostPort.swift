#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// "host:port" strings as the config and the cluster use them (IPv6 hosts in brackets).
public enum HostPort {
    /// Splits "host:port" ("[::1]:8080" for IPv6); nil when there is no valid port.
    public static func split(_ address: String) -> (host: String, port: Int)? {
        let a = address.configTrimmed()
        if a.hasPrefix("[") {
            guard let close = a.firstIndex(of: "]") else { return nil }
            let host = String(a[a.index(after: a.startIndex)..<close])
            let rest = a[a.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port), !host.isEmpty else { return nil }
            return (host, port)
        }
        guard let colon = a.lastIndex(of: ":") else { return nil }
        let host = String(a[..<colon])
        guard !host.isEmpty, !host.contains(":"), let port = Int(a[a.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        return (host, port)
    }

    public static func hasPort(_ address: String) -> Bool { split(address) != nil }

    public static func join(_ host: String, _ port: Int) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// This machine's host name (what a node bound to a wildcard address advertises).
    public static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(cString: buffer)
        return name.isEmpty ? "localhost" : name
    }
}
