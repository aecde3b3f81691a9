import Hashes
import Protocol

/// The first bytes each side of a node-to-node connection sends.
///
///     magic "MRMT" | handshake version u8 | wire version u8 | flags u8 | node id u64 LE
///     | nonce (32 bytes) | address length u16 LE | advertised address (UTF-8)
///
/// Flag bit 0: the sender has a cluster secret and will prove it.
public struct ClusterHello: Hashable, Sendable {
    public static let magic: [UInt8] = Array("MRMT".utf8)
    public static let handshakeVersion: UInt8 = 1
    public static let nonceBytes = 32
    static let fixedBytes = 4 + 1 + 1 + 1 + 8 + nonceBytes + 2
    static let maxAddressBytes = 1024

    public var wireVersion: UInt8
    public var hasSecret: Bool
    public var nodeID: NodeID
    public var nonce: [UInt8]
    public var address: String

    public init(wireVersion: UInt8 = WireFormat.version, hasSecret: Bool, nodeID: NodeID, nonce: [UInt8], address: String) {
        self.wireVersion = wireVersion
        self.hasSecret = hasSecret
        self.nodeID = nodeID
        self.nonce = nonce
        self.address = address
    }

    public func encoded() -> [UInt8] {
        var out = Self.magic
        out.append(Self.handshakeVersion)
        out.append(wireVersion)
        out.append(hasSecret ? 1 : 0)
        out += helloLittleEndian(nodeID.rawValue)
        out += nonce
        let addr = Array(address.utf8.prefix(Self.maxAddressBytes))
        out.append(UInt8(addr.count & 0xff))
        out.append(UInt8(addr.count >> 8))
        out += addr
        return out
    }

    /// Decodes a hello from the front of `bytes`: nil when more bytes are needed, otherwise
    /// the hello and how many bytes it took. Throws on anything that is not a hello we speak.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws -> (ClusterHello, Int)? {
        let magicCount = min(bytes.count, magic.count)
        guard Array(bytes.prefix(magicCount)) == Array(magic.prefix(magicCount)) else { throw HandshakeFailure.notACluster }
        guard bytes.count >= fixedBytes else { return nil }
        let b = Array(bytes.prefix(fixedBytes))
        guard b[4] == handshakeVersion else { throw HandshakeFailure.version("handshake version \(b[4]), we speak \(handshakeVersion)") }
        let wire = b[5]
        guard b[6] & ~1 == 0 else { throw HandshakeFailure.malformed("unknown hello flags \(b[6])") }
        var id: UInt64 = 0
        for i in 0..<8 { id |= UInt64(b[7 + i]) << (8 * UInt64(i)) }
        let nonce = Array(b[15..<(15 + nonceBytes)])
        let length = Int(b[fixedBytes - 2]) | Int(b[fixedBytes - 1]) << 8
        guard length <= maxAddressBytes else { throw HandshakeFailure.malformed("address of \(length) bytes") }
        guard bytes.count >= fixedBytes + length else { return nil }
        let addrBytes = Array(bytes.dropFirst(fixedBytes).prefix(length))
        guard let address = String(validating: addrBytes, as: UTF8.self) else { throw HandshakeFailure.malformed("address is not UTF-8") }
        guard id != 0 else { throw HandshakeFailure.malformed("node id 0") }
        return (ClusterHello(wireVersion: wire, hasSecret: b[6] & 1 == 1, nodeID: NodeID(id), nonce: nonce, address: address), fixedBytes + length)
    }
}

func helloLittleEndian(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }

/// Why a handshake ended the connection.
public enum HandshakeFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The first bytes are not a marmot hello.
    case notACluster
    case version(String)
    case malformed(String)
    /// The peer's proof is wrong, or one side has a secret and the other none.
    case invalidSecret(String)
    /// The peer is this node (a seed list naming ourselves, or a node id clash).
    case selfConnection

    public var description: String {
        switch self {
        case .notACluster: return "not a marmot cluster connection"
        case .version(let s): return "incompatible peer: \(s)"
        case .malformed(let s): return "malformed handshake: \(s)"
        case .invalidSecret(let s): return "invalid cluster secret (\(s))"
        case .selfConnection: return "connected to itself"
        }
    }
}

/// One side of the handshake as a pure machine: feed it the bytes that arrive, send what it
/// returns. With a secret each side proves it with
/// `HMAC-SHA256(secret, label | role | initiator nonce | acceptor nonce | own node id)`:
/// both nonces make a proof single-use, the role label stops a proof from being reflected
/// back on a second connection, and the secret itself never crosses the wire.
/// (This authenticates peers; it does not encrypt the traffic.)
public struct ClusterHandshake: Sendable {
    public enum Role: Sendable { case initiator, acceptor }

    public enum Outcome: Equatable, Sendable {
        case needMore
        /// Done: frames follow; `leftover` are bytes already received after the handshake.
        case established(peer: ClusterHello, leftover: [UInt8])
        case failed(HandshakeFailure)
    }

    /// What to do after feeding bytes: send `send` (when not empty) first, then act on `outcome`.
    public struct Step: Equatable, Sendable {
        public var send: [UInt8]
        public var outcome: Outcome
    }

    static let proofLabel = Array("marmot-cluster-auth-v1".utf8)
    public static let proofBytes = 32

    public let role: Role
    public let hello: ClusterHello
    private let secret: [UInt8]?
    private var buffer: [UInt8] = []
    private var peer: ClusterHello?
    private var finished = false

    /// `nonce` must be fresh random bytes (`ClusterHello.nonceBytes` of them).
    public init(role: Role, nodeID: NodeID, address: String, secret: [UInt8]?, nonce: [UInt8]) {
        precondition(nonce.count == ClusterHello.nonceBytes)
        self.role = role
        let secret = (secret?.isEmpty ?? true) ? nil : secret
        self.secret = secret
        self.hello = ClusterHello(hasSecret: secret != nil, nodeID: nodeID, nonce: nonce, address: address)
    }

    /// Our hello: the initiator sends it at once, the acceptor once the first bytes of the
    /// peer's hello told it this is a cluster connection.
    public var helloBytes: [UInt8] { hello.encoded() }

    /// The proof a node with `secret` gives on a connection.
    public static func proof(secret: [UInt8], role: Role, initiatorNonce: [UInt8], acceptorNonce: [UInt8], nodeID: NodeID) -> [UInt8] {
        var message = proofLabel
        message.append(role == .initiator ? 0x49 : 0x41)  // "I" / "A"
        message += initiatorNonce
        message += acceptorNonce
        message += helloLittleEndian(nodeID.rawValue)
        return HMACSHA256.mac(key: secret, message: message)
    }

    private func nonces(peer: ClusterHello) -> (initiator: [UInt8], acceptor: [UInt8]) {
        role == .initiator ? (hello.nonce, peer.nonce) : (peer.nonce, hello.nonce)
    }

    public mutating func receive(_ bytes: [UInt8]) -> Step {
        guard !finished else { return Step(send: [], outcome: .needMore) }
        buffer += bytes
        guard peer == nil else { return Step(send: [], outcome: checkProof()) }
        let decoded: (ClusterHello, Int)?
        do {
            decoded = try ClusterHello.decode(buffer[...])
        } catch let f as HandshakeFailure {
            return Step(send: [], outcome: fail(f))
        } catch {
            return Step(send: [], outcome: fail(.malformed("\(error)")))
        }
        guard let (p, used) = decoded else { return Step(send: [], outcome: .needMore) }
        buffer.removeFirst(used)
        if p.wireVersion != WireFormat.version {
            return Step(send: [], outcome: fail(.version("wire version \(p.wireVersion), we speak \(WireFormat.version)")))
        }
        if p.nodeID == hello.nodeID { return Step(send: [], outcome: fail(.selfConnection)) }
        if p.hasSecret != (secret != nil) {
            return Step(send: [], outcome: fail(.invalidSecret(secret != nil
                ? "peer \(p.nodeID) at \(p.address) has no cluster secret"
                : "peer \(p.nodeID) at \(p.address) requires a cluster secret and this node has none")))
        }
        peer = p
        guard let secret else { return Step(send: [], outcome: established(p)) }
        let (i, a) = nonces(peer: p)
        let mine = Self.proof(secret: secret, role: role, initiatorNonce: i, acceptorNonce: a, nodeID: hello.nodeID)
        // Our proof goes out now; the peer's may already be buffered behind its hello.
        return Step(send: mine, outcome: checkProof())
    }

    private mutating func checkProof() -> Outcome {
        guard let p = peer, let secret else { return .needMore }
        guard buffer.count >= Self.proofBytes else { return .needMore }
        let got = Array(buffer.prefix(Self.proofBytes))
        buffer.removeFirst(Self.proofBytes)
        let (i, a) = nonces(peer: p)
        let expected = Self.proof(secret: secret, role: role == .initiator ? .acceptor : .initiator,
                                  initiatorNonce: i, acceptorNonce: a, nodeID: p.nodeID)
        guard HMACSHA256.constantTimeEqual(got, expected) else { return fail(.invalidSecret("wrong proof from \(p.nodeID) at \(p.address)")) }
        return established(p)
    }

    private mutating func established(_ p: ClusterHello) -> Outcome {
        finished = true
        let rest = buffer
        buffer = []
        return .established(peer: p, leftover: rest)
    }

    private mutating func fail(_ f: HandshakeFailure) -> Outcome {
        finished = true
        buffer = []
        return .failed(f)
    }
}
