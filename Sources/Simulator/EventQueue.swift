/// A min-heap of events ordered by (time, insertion sequence): two events at the same virtual
/// millisecond come out in the order they were scheduled, so a run never depends on anything
/// but the order of its own calls.
public struct EventQueue<Payload> {
    public struct Entry {
        public var time: Int64
        public var sequence: UInt64
        public var payload: Payload
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    public init() {}

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    /// The time of the earliest event, if any.
    public var nextTime: Int64? { heap.first?.time }

    @discardableResult
    public mutating func push(at time: Int64, _ payload: Payload) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        heap.append(Entry(time: time, sequence: sequence, payload: payload))
        siftUp(heap.count - 1)
        return sequence
    }

    public mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
        return first
    }

    /// Drop every entry; the sequence keeps counting.
    public mutating func removeAll() { heap.removeAll() }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < heap.count && Self.precedes(heap[left], heap[best]) { best = left }
            if right < heap.count && Self.precedes(heap[right], heap[best]) { best = right }
            if best == parent { return }
            heap.swapAt(parent, best)
            parent = best
        }
    }
}
