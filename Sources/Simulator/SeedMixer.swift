/// Derives independent seeds from one run seed (splitmix64 finalizer over the inputs), so
/// that the network, every node process and the explorer's choices draw from separate streams
/// and adding a draw to one never shifts another.
public enum SeedMixer {
    public static func mix(_ values: UInt64...) -> UInt64 {
        var x: UInt64 = 0x243F_6A88_85A3_08D3
        for v in values {
            x = finalize((x ^ v) &+ 0x9E37_79B9_7F4A_7C15)
        }
        return x
    }

    public static func mix(_ seed: UInt64, _ label: String) -> UInt64 {
        var x = seed
        for b in label.utf8 { x = finalize((x ^ UInt64(b)) &+ 0x9E37_79B9_7F4A_7C15) }
        return finalize(x)
    }

    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
