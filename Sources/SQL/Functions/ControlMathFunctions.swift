import Foundation
import Protocol

extension MySQLFunctions {
    /// Only what SQLite lacks: IF (the printer emits IIF, IF is for direct use), GREATEST
    /// and LEAST (NULL when any argument is NULL; numbers compared as numbers, otherwise
    /// as case-insensitive strings).
    static func controlFunctions() -> [Definition] {
        var defs: [Definition] = []
        defs.append(Definition("IF", 3) { args in mysqlTruth(args[0]) ? args[1] : args[2] })
        for (name, greatest) in [("GREATEST", true), ("LEAST", false)] {
            defs.append(Definition(name, -1) { args in
                guard args.count >= 2 else { throw argumentError(name) }
                if args.contains(where: { $0.isNull }) { return .null }
                if args.allSatisfy({ $0.isNumeric }) {
                    var best = args[0]
                    for a in args.dropFirst() {
                        let better = greatest ? a.mysqlDouble! > best.mysqlDouble! : a.mysqlDouble! < best.mysqlDouble!
                        if better { best = a }
                    }
                    if args.contains(where: { if case .real = $0 { return true } else { return false } }) {
                        return .real(best.mysqlDouble!)
                    }
                    return best
                }
                var best = args[0].mysqlText!
                var bestKey = folded(scalars(best)).joined()
                for a in args.dropFirst() {
                    let s = a.mysqlText!
                    let key = folded(scalars(s)).joined()
                    if greatest ? key > bestKey : key < bestKey {
                        best = s
                        bestKey = key
                    }
                }
                return .text(best)
            })
        }
        return defs
    }

    static func mathFunctions(clock: @escaping Clock) -> [Definition] {
        var defs: [Definition] = []
        func unary(_ name: String, _ f: @escaping @Sendable (Double) -> Double?) {
            defs.append(Definition(name, 1) { args in
                guard let x = args[0].mysqlDouble, let r = f(x) else { return .null }
                return r.isNaN || r.isInfinite ? .null : .real(r)
            })
        }
        for name in ["FLOOR", "CEIL", "CEILING"] {
            let up = name != "FLOOR"
            defs.append(Definition(name, 1) { args in
                switch args[0] {
                case .null: return .null
                case .integer: return args[0]
                default:
                    let x = args[0].mysqlDouble!
                    return numberResult(up ? x.rounded(.up) : x.rounded(.down))
                }
            })
        }
        for name in ["POW", "POWER"] {
            defs.append(Definition(name, 2) { args in
                guard let x = args[0].mysqlDouble, let y = args[1].mysqlDouble else { return .null }
                let r = Foundation.pow(x, y)
                return r.isNaN || r.isInfinite ? .null : .real(r)
            })
        }
        defs.append(Definition("MOD", 2) { args in
            if case .integer(let a) = args[0], case .integer(let b) = args[1] {
                if b == 0 { return .null }
                if b == -1 { return .integer(0) }
                return .integer(a % b)
            }
            guard let a = args[0].mysqlDouble, let b = args[1].mysqlDouble, b != 0 else { return .null }
            return .real(fmod(a, b))
        })
        defs.append(Definition("TRUNCATE", 2) { args in
            guard let d = args[1].mysqlInt else { return .null }
            if case .integer(let v) = args[0] {
                if d >= 0 { return .integer(v) }
                if d < -18 { return .integer(0) }
                var p: Int64 = 1
                for _ in 0..<Int(-d) { p *= 10 }
                return .integer(v / p * p)
            }
            guard let x = args[0].mysqlDouble else { return .null }
            let p = Foundation.pow(10.0, Double(max(-308, min(308, d))))
            let r = (x * p).rounded(.towardZero) / p
            return d <= 0 ? numberResult(r) : .real(r)
        })
        defs.append(Definition("LOG", 1) { args in
            guard let x = args[0].mysqlDouble, x > 0 else { return .null }
            return .real(Foundation.log(x))
        })
        defs.append(Definition("LOG", 2) { args in
            guard let b = args[0].mysqlDouble, let x = args[1].mysqlDouble, x > 0, b > 0, b != 1 else { return .null }
            return .real(Foundation.log(x) / Foundation.log(b))
        })
        unary("LN") { $0 > 0 ? Foundation.log($0) : nil }
        unary("LOG10") { $0 > 0 ? Foundation.log10($0) : nil }
        unary("LOG2") { $0 > 0 ? Foundation.log2($0) : nil }
        unary("EXP") { Foundation.exp($0) }
        unary("SQRT") { $0 >= 0 ? $0.squareRoot() : nil }
        let random = MySQLRandom(clock: clock)
        defs.append(Definition("RAND", 0, deterministic: false) { _ in .real(random.next()) })
        defs.append(Definition("RAND", 1) { args in
            guard let seed = args[0].mysqlInt else { return .real(MySQLRandom.seeded(0)) }
            return .real(MySQLRandom.seeded(seed))
        })
        return defs
    }
}

/// MySQL's `my_rnd` generator. RAND() without a seed continues one stream seeded from the
/// injected clock (deterministic under the simulator); RAND(n) is the first value of the
/// stream MySQL seeds with n.
final class MySQLRandom: @unchecked Sendable {
    private static let maxValue: UInt64 = 0x3FFF_FFFF
    private let lock = NSLock()
    private var seed1: UInt64
    private var seed2: UInt64

    init(clock: @escaping MySQLFunctions.Clock) {
        let now = clock().unixMillis
        (seed1, seed2) = MySQLRandom.initialSeeds(now)
    }

    static func initialSeeds(_ n: Int64) -> (UInt64, UInt64) {
        let s = UInt64(bitPattern: n)
        let a = UInt64(UInt32(truncatingIfNeeded: s &* 0x10001 &+ 55_555_555))
        let b = UInt64(UInt32(truncatingIfNeeded: s &* 0x1000_0001))
        return (a % maxValue, b % maxValue)
    }

    static func step(_ s1: inout UInt64, _ s2: inout UInt64) -> Double {
        s1 = (s1 &* 3 &+ s2) % maxValue
        s2 = (s1 &+ s2 &+ 33) % maxValue
        return Double(s1) / Double(maxValue)
    }

    static func seeded(_ n: Int64) -> Double {
        var (a, b) = initialSeeds(n)
        return step(&a, &b)
    }

    func next() -> Double {
        lock.lock()
        defer { lock.unlock() }
        return MySQLRandom.step(&seed1, &seed2)
    }
}
