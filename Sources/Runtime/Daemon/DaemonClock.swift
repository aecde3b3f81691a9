import NIOCore
import Protocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The daemon's two clocks, in milliseconds. `monotonic` never steps (timers, leases,
/// timeouts, and the node's `now`); it is NIO's uptime clock, so a timer set for `at`
/// becomes `NIODeadline.uptimeNanoseconds(at * 1_000_000)` exactly. `wall` is the real
/// clock that HLC timestamps follow.
public enum DaemonClock {
    public static func monotonic() -> Milliseconds {
        Milliseconds(NIODeadline.now().uptimeNanoseconds / 1_000_000)
    }

    public static func deadline(atMonotonic millis: Milliseconds) -> NIODeadline {
        .uptimeNanoseconds(UInt64(max(0, millis)) * 1_000_000)
    }

    public static func wall() -> Milliseconds {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Milliseconds(ts.tv_sec) * 1000 + Milliseconds(ts.tv_nsec) / 1_000_000
    }
}
