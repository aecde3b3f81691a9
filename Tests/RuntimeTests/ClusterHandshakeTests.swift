import Hashes
import Protocol
import XCTest
@testable import Runtime

final class ClusterHandshakeTests: XCTestCase {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    // RFC 4231, test cases 1 and 2 (and 6: a key longer than the block size).
    func testHMACSHA256Vectors() {
        XCTAssertEqual(hex(HMACSHA256.mac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(hex(HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(hex(HMACSHA256.mac(key: [UInt8](repeating: 0xaa, count: 131),
                                          message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        XCTAssertTrue(HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(HMACSHA256.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    func testHelloRoundTrip() throws {
        let hello = ClusterHello(hasSecret: true, nodeID: NodeID(77), nonce: Array(0..<32), address: "127.0.0.1:8081")
        let bytes = hello.encoded()
        XCTAssertEqual(Array(bytes.prefix(4)), Array("MRMT".utf8))
        let (decoded, used) = try XCTUnwrap(try ClusterHello.decode(bytes[...]))
        XCTAssertEqual(decoded, hello)
        XCTAssertEqual(used, bytes.count)
        // Every strict prefix asks for more.
        for n in 0..<bytes.count { XCTAssertNil(try ClusterHello.decode(bytes.prefix(n)), "prefix \(n)") }
        XCTAssertThrowsError(try ClusterHello.decode(Array("GET / HTTP/1.1".utf8)[...]))
    }

    /// Runs two handshakes against each other, passing bytes in the order a socket would.
    private func run(_ a: inout ClusterHandshake, _ b: inout ClusterHandshake) -> (ClusterHandshake.Outcome, ClusterHandshake.Outcome) {
        var toB = a.helloBytes  // the initiator speaks first
        var toA: [UInt8] = []
        var outA = ClusterHandshake.Outcome.needMore, outB = ClusterHandshake.Outcome.needMore
        var bSentHello = false
        for _ in 0..<10 {
            if !toB.isEmpty {
                let bytes = toB
                toB = []
                // The acceptor sends its hello once the initiator's first bytes arrived.
                if !bSentHello { bSentHello = true; toA += b.helloBytes }
                if case .needMore = outB {
                    let step = b.receive(bytes)
                    toA += step.send
                    outB = step.outcome
                }
            }
            if !toA.isEmpty {
                let bytes = toA
                toA = []
                if case .needMore = outA {
                    let step = a.receive(bytes)
                    toB += step.send
                    outA = step.outcome
                }
            }
        }
        return (outA, outB)
    }

    private func nonce(_ seed: UInt8) -> [UInt8] { (0..<32).map { UInt8(truncatingIfNeeded: Int($0) * 7 + Int(seed)) } }

    func testSameSecretEstablishesBothSides() {
        let secret = Array("s3cret".utf8)
        var a = ClusterHandshake(role: .initiator, nodeID: NodeID(1), address: "a:1", secret: secret, nonce: nonce(1))
        var b = ClusterHandshake(role: .acceptor, nodeID: NodeID(2), address: "b:2", secret: secret, nonce: nonce(2))
        let (outA, outB) = run(&a, &b)
        guard case let .established(peerOfA, _) = outA, case let .established(peerOfB, _) = outB else {
            return XCTFail("\(outA) / \(outB)")
        }
        XCTAssertEqual(peerOfA.nodeID, NodeID(2))
        XCTAssertEqual(peerOfA.address, "b:2")
        XCTAssertEqual(peerOfB.nodeID, NodeID(1))
    }

    func testNoSecretOnEitherSideEstablishes() {
        var a = ClusterHandshake(role: .initiator, nodeID: NodeID(1), address: "a:1", secret: nil, nonce: nonce(1))
        var b = ClusterHandshake(role: .acceptor, nodeID: NodeID(2), address: "b:2", secret: [], nonce: nonce(2))
        let (outA, outB) = run(&a, &b)
        guard case .established = outA, case .established = outB else { return XCTFail("\(outA) / \(outB)") }
    }

    func testWrongSecretFailsBothSides() {
        var a = ClusterHandshake(role: .initiator, nodeID: NodeID(1), address: "a:1", secret: Array("one".utf8), nonce: nonce(1))
        var b = ClusterHandshake(role: .acceptor, nodeID: NodeID(2), address: "b:2", secret: Array("two".utf8), nonce: nonce(2))
        let (outA, outB) = run(&a, &b)
        guard case .failed(.invalidSecret) = outA, case .failed(.invalidSecret) = outB else { return XCTFail("\(outA) / \(outB)") }
    }

    func testSecretOnOneSideOnlyFails() {
        var a = ClusterHandshake(role: .initiator, nodeID: NodeID(1), address: "a:1", secret: Array("one".utf8), nonce: nonce(1))
        var b = ClusterHandshake(role: .acceptor, nodeID: NodeID(2), address: "b:2", secret: nil, nonce: nonce(2))
        let (outA, outB) = run(&a, &b)
        guard case .failed(.invalidSecret) = outA, case .failed(.invalidSecret) = outB else { return XCTFail("\(outA) / \(outB)") }
    }

    /// The secret never crosses the wire, and a proof is bound to its role: replaying the
    /// acceptor's proof as an initiator's does not verify.
    func testProofsAreRoleBoundAndHideTheSecret() {
        let secret = Array("a-long-cluster-secret".utf8)
        let i = nonce(1), a = nonce(2)
        let asInitiator = ClusterHandshake.proof(secret: secret, role: .initiator, initiatorNonce: i, acceptorNonce: a, nodeID: NodeID(5))
        let asAcceptor = ClusterHandshake.proof(secret: secret, role: .acceptor, initiatorNonce: i, acceptorNonce: a, nodeID: NodeID(5))
        XCTAssertNotEqual(asInitiator, asAcceptor)
        let b = ClusterHandshake(role: .initiator, nodeID: NodeID(1), address: "a:1", secret: secret, nonce: nonce(9))
        let hello = b.helloBytes
        XCTAssertNil(hello.indices.first { Array(hello[$0...].prefix(secret.count)) == secret })
        XCTAssertFalse(asInitiator.indices.contains { Array(asInitiator[$0...].prefix(secret.count)) == secret })
    }

    func testSelfConnectionAndGarbageAreRefused() {
        var a = ClusterHandshake(role: .initiator, nodeID: NodeID(1), address: "a:1", secret: nil, nonce: nonce(1))
        var b = ClusterHandshake(role: .acceptor, nodeID: NodeID(1), address: "a:1", secret: nil, nonce: nonce(2))
        let (outA, _) = run(&a, &b)
        XCTAssertEqual(outA, .failed(.selfConnection))
        var c = ClusterHandshake(role: .acceptor, nodeID: NodeID(3), address: "c:3", secret: nil, nonce: nonce(3))
        XCTAssertEqual(c.receive(Array("MRMX".utf8)).outcome, .failed(.notACluster))
    }
}
