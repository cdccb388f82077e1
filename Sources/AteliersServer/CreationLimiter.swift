import Synchronization

/// A token bucket per client address: `capacity` creations at once, refilled at `capacity` per `period`.
final class CreationLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var at: Double
    }

    let capacity: Double
    let perSecond: Double
    /// Seconds on a monotonic clock.
    let clock: @Sendable () -> Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(capacity: Int, period: Duration, clock: (@Sendable () -> Double)? = nil) {
        self.capacity = Double(max(capacity, 1))
        let seconds = Double(period.components.seconds) + Double(period.components.attoseconds) / 1e18
        self.perSecond = self.capacity / max(seconds, 0.001)
        self.clock =
            clock ?? {
                let elapsed = ContinuousClock.now - CreationLimiter.origin
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
    }

    static let origin = ContinuousClock.now

    /// Whether the client's bucket is empty, without taking from it.
    /// - Returns: `nil` when a token is there, else the seconds until one is back.
    func wait(for client: String) -> Int? {
        let now = clock()
        return buckets.withLock { buckets in
            guard let bucket = buckets[client] else { return nil }
            let tokens = min(capacity, bucket.tokens + (now - bucket.at) * perSecond)
            return tokens >= 1 ? nil : max(1, Int(((1 - tokens) / perSecond).rounded(.up)))
        }
    }

    /// Takes one token from the client's bucket.
    /// - Returns: `nil` when allowed, else the seconds until a token is back.
    /// - Complexity: O(1), and O(b) now and then to forget full buckets once there are many clients.
    func take(for client: String) -> Int? {
        let now = clock()
        return buckets.withLock { buckets in
            if buckets.count > 10_000 {
                buckets = buckets.filter { $0.value.tokens + (now - $0.value.at) * perSecond < capacity }
            }
            var bucket = buckets[client] ?? Bucket(tokens: capacity, at: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * perSecond)
            bucket.at = now
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            return nil
        }
    }
}
