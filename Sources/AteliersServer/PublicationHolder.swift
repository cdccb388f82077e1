public import Ateliers
import Synchronization

/// The publication being served, swapped whole when a reload publishes a new one, and what the last reloads said.
///
/// Requests read it under a lock held only to copy one reference: no request waits for a reload, and no request
/// sees half of two versions.
public final class PublicationHolder: Sendable {
    /// Why the sources as they are now are not what is served.
    public struct Pending: Sendable {
        /// Seconds since the epoch.
        public var at: Int64
        /// The check's diagnostics when it rejected the version (errors first).
        public var diagnostics: [Diagnostic]
        /// The one-line error when the sources could not be read at all.
        public var error: String?
    }

    struct State: Sendable {
        var current: ServedPublication
        var pending: Pending?
        var published = 0
        var rejected = 0
        var failed = 0
    }

    private let state: Mutex<State>

    /// - Parameter now: when it starts being served, in seconds since the epoch.
    public init(_ publication: Publication, now: Int64) {
        state = Mutex(State(current: ServedPublication(publication, loadedAt: now, previous: nil)))
    }

    /// The publication served now.
    public var publication: Publication { current.publication }

    /// The pending problem of the last reload, if the last reload did not publish.
    public var pending: Pending? { state.withLock { $0.pending } }

    var current: ServedPublication { state.withLock { $0.current } }

    var snapshot: State { state.withLock { $0 } }

    /// Serves `publication` from now on. Its buffers are made before the swap, outside the lock.
    func publish(_ publication: Publication, now: Int64) {
        let previous = current
        let served = ServedPublication(publication, loadedAt: now, previous: previous)
        state.withLock {
            $0.current = served
            $0.pending = nil
            $0.published += 1
        }
    }

    /// Keeps serving what is served, and says why.
    func keep(because pending: Pending) {
        state.withLock {
            $0.pending = pending
            if pending.error == nil { $0.rejected += 1 } else { $0.failed += 1 }
        }
    }
}
