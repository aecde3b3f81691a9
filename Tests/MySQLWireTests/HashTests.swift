import Hashes
import XCTest
@testable import MySQLWire

/// Vectors from FIPS 180 examples, cross-checked with python3's hashlib.
final class HashTests: XCTestCase {
    private let abc448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"

    func testSHA1Vectors() {
        XCTAssertEqual(hexString(SHA1.hash([UInt8]())), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(hexString(SHA1.hash(Array("abc".utf8))), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(hexString(SHA1.hash(Array(abc448.utf8))), "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        XCTAssertEqual(hexString(SHA1.hash([UInt8](repeating: 0x61, count: 1000))),
                       "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    func testSHA256Vectors() {
        XCTAssertEqual(hexString(SHA256.hash([UInt8]())),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hexString(SHA256.hash(Array("abc".utf8))),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hexString(SHA256.hash(Array(abc448.utf8))),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(hexString(SHA256.hash([UInt8](repeating: 0x61, count: 1000))),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testIncrementalHashingMatchesOneShot() {
        var rng = XorShift(seed: 9)
        let data = rng.bytes(777)
        var h1 = SHA1()
        var h256 = SHA256()
        var offset = 0
        while offset < data.count {
            let n = min(data.count - offset, rng.below(130))
            h1.update(data[offset..<(offset + n)])
            h256.update(data[offset..<(offset + n)])
            offset += n
        }
        XCTAssertEqual(h1.finalize(), SHA1.hash(data))
        XCTAssertEqual(h256.finalize(), SHA256.hash(data))
    }

    func testNativePasswordKnownVector() {
        // SHA1(SHA1("password")): MySQL's PASSWORD('password') = *2470C0C0...
        let stage2 = NativePassword.stage2Hash(password: "password")
        XCTAssertEqual(hexString(stage2), "2470c0c06dee42fd1618bb99005adca2ec9d1e19")
        // The client's answer to scramble 0x01...0x14, computed with hashlib.
        let response = NativePassword.scramble(password: "password", scramble: fixedScramble)
        XCTAssertEqual(hexString(response), "c17d6009a5cb47e59f7483fcf05553bbbf7dd0d6")
        XCTAssertTrue(NativePassword.verify(response: response, scramble: fixedScramble, stage2: stage2))
        XCTAssertFalse(NativePassword.verify(response: response, scramble: fixedSwitchScramble, stage2: stage2))
        var flipped = response
        flipped[0] ^= 1
        XCTAssertFalse(NativePassword.verify(response: flipped, scramble: fixedScramble, stage2: stage2))
        XCTAssertFalse(NativePassword.verify(response: [], scramble: fixedScramble, stage2: stage2))
        XCTAssertFalse(NativePassword.verify(response: Array(response.prefix(19)), scramble: fixedScramble, stage2: stage2))
    }

    func testNativePasswordNonASCIIVector() {
        let scramble = hex("3a117f015523254041421020303132336061627e")
        let stage2 = NativePassword.stage2Hash(password: "pässwörd")
        XCTAssertEqual(hexString(stage2), "0225ec5004abb0b8cb557541fe53de1a5d8cc825")
        XCTAssertEqual(hexString(NativePassword.scramble(password: "pässwörd", scramble: scramble)),
                       "4a759958173593e979110e44e917fb6883ef35ef")
    }

    func testEmptyPasswordAccount() {
        XCTAssertEqual(NativePassword.scramble(password: "", scramble: fixedScramble), [])
        XCTAssertTrue(NativePassword.verify(response: [], scramble: fixedScramble, stage2: nil))
        XCTAssertFalse(NativePassword.verify(response: [UInt8](repeating: 1, count: 20), scramble: fixedScramble, stage2: nil))
    }

    func testCachingSHA2KnownVector() {
        let stage2 = CachingSHA2Password.stage2Hash(password: "password")
        XCTAssertEqual(hexString(stage2), "73641c99f7719f57d8f4beb11a303afcd190243a51ced8782ca6d3dbe014d146")
        let response = CachingSHA2Password.scramble(password: "password", scramble: fixedScramble)
        XCTAssertEqual(hexString(response), "f7ab1c623a6e98dceab35e926290e5746a3141116115f4dd8ccca994393eccdd")
        XCTAssertTrue(CachingSHA2Password.verify(response: response, scramble: fixedScramble, stage2: stage2))
        XCTAssertFalse(CachingSHA2Password.verify(response: response, scramble: fixedSwitchScramble, stage2: stage2))
    }

    func testScrambleSanitizing() {
        let s = AuthScramble(random: [0x00, 0x24, 0x80, 0xA4, 0xFF, 0x41] + [UInt8](repeating: 0x7F, count: 20))
        XCTAssertEqual(s.bytes.count, 20)
        XCTAssertEqual(Array(s.bytes.prefix(6)), [0x01, 0x25, 0x01, 0x25, 0x7F, 0x41])
        XCTAssertFalse(s.bytes.contains(0))
        XCTAssertEqual(AuthScramble(random: fixedScramble).bytes, fixedScramble)
        XCTAssertEqual(AuthScramble(random: [UInt8]()).bytes, [UInt8](repeating: 1, count: 20))
    }
}
