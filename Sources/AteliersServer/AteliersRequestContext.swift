public import Hummingbird
public import NIOCore

/// The server's request context: Hummingbird's basic one plus the peer's address, which the agenda builder's
/// creation limit is counted by.
public struct AteliersRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
