import Dispatch

/// Runs two pieces of work at once, on two cores when the machine has them, and returns both results.
/// - Important: the two must not share anything they change.
func inParallel<First, Second>(_ first: () -> First, _ second: () -> Second) -> (First, Second) {
    var results: (First?, Second?) = (nil, nil)
    withUnsafeMutablePointer(to: &results) { slots in
        // Each piece of work writes its own slot only, and both are done when `concurrentPerform` returns.
        nonisolated(unsafe) let slots = slots
        nonisolated(unsafe) let (first, second) = (first, second)
        DispatchQueue.concurrentPerform(iterations: 2) { which in
            if which == 0 {
                slots.pointee.0 = first()
            } else {
                slots.pointee.1 = second()
            }
        }
    }
    return (results.0!, results.1!)
}
