/// A fixed-capacity map that evicts the least recently used entry. Lookups and inserts are
/// O(1): entries live in an array threaded by a doubly linked recency list, and a
/// dictionary maps keys to slots. Not synchronized; `Transpiler` guards its instance.
public struct LRUCache<Key: Hashable, Value> {
    fileprivate struct Entry {
        var key: Key
        var value: Value
        var newer: Int?
        var older: Int?
    }

    public let capacity: Int
    private var slots: [Key: Int] = [:]
    private var entries: [Entry] = []
    private var newest: Int?
    private var oldest: Int?

    /// `capacity` 0 disables caching (every insert is dropped).
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    public var count: Int { slots.count }

    /// The value for `key`, marking it most recently used.
    public mutating func value(forKey key: Key) -> Value? {
        guard let slot = slots[key] else { return nil }
        moveToFront(slot)
        return entries[slot].value
    }

    /// Inserts or replaces `value`, evicting the least recently used entry when full.
    public mutating func setValue(_ value: Value, forKey key: Key) {
        guard capacity > 0 else { return }
        if let slot = slots[key] {
            entries[slot].value = value
            moveToFront(slot)
            return
        }
        let slot: Int
        if entries.count < capacity {
            slot = entries.count
            entries.append(Entry(key: key, value: value))
        } else {
            // Reuse the oldest slot.
            slot = oldest!
            unlink(slot)
            slots.removeValue(forKey: entries[slot].key)
            entries[slot] = Entry(key: key, value: value)
        }
        slots[key] = slot
        linkAtFront(slot)
    }

    public mutating func removeAll() {
        slots.removeAll()
        entries.removeAll()
        newest = nil
        oldest = nil
    }

    /// Keys from most to least recently used (for tests and diagnostics).
    public var keysByRecency: [Key] {
        var out: [Key] = []
        var cursor = newest
        while let slot = cursor {
            out.append(entries[slot].key)
            cursor = entries[slot].older
        }
        return out
    }

    private mutating func moveToFront(_ slot: Int) {
        guard newest != slot else { return }
        unlink(slot)
        linkAtFront(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let newer = entries[slot].newer
        let older = entries[slot].older
        if let newer { entries[newer].older = older } else { newest = older }
        if let older { entries[older].newer = newer } else { oldest = newer }
        entries[slot].newer = nil
        entries[slot].older = nil
    }

    private mutating func linkAtFront(_ slot: Int) {
        entries[slot].older = newest
        entries[slot].newer = nil
        if let newest { entries[newest].newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
    }
}

extension LRUCache: Sendable where Key: Sendable, Value: Sendable {}
extension LRUCache.Entry: Sendable where Key: Sendable, Value: Sendable {}
