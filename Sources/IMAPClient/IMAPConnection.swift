import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (or TLS) connection: writes command bytes, reads parsed responses, and can switch
/// to TLS in place (STARTTLS). Knows nothing of tags or commands (``IMAPClient`` does).
///
/// Thread-safe: the channel is thread-safe and the queue is; one task is expected to drive it
/// (IMAP is a request/response protocol, and ``IMAPClient`` serialises use as an actor).
final class IMAPConnection: Sendable {
    let channel: any Channel
    let queue: IMAPResponseQueue
    let configuration: IMAPConnectionConfiguration

    private init(channel: any Channel, queue: IMAPResponseQueue, configuration: IMAPConnectionConfiguration) {
        self.channel = channel
        self.queue = queue
        self.configuration = configuration
    }

    static func connect(_ configuration: IMAPConnectionConfiguration) async throws(IMAPError) -> IMAPConnection {
        let queue = IMAPResponseQueue()
        let tlsContext: NIOSSLContext? =
            configuration.security == .implicitTLS ? try makeTLSContext(configuration) : nil
        let serverHostname = Self.serverHostname(configuration.host)
        let limits = configuration.parserLimits
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(configuration.connectTimeoutSeconds)))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(IMAPChannelHandler(queue: queue, limits: limits))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            return IMAPConnection(channel: channel, queue: queue, configuration: configuration)
        } catch {
            throw .connectionFailed(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
    }

    /// The next response; see ``IMAPResponseQueue/next(on:timeout:)``.
    func next() async throws(IMAPError) -> IMAPResponse {
        try await queue.next(on: channel.eventLoop, timeout: .seconds(Int64(configuration.responseTimeoutSeconds)))
    }

    func write(_ bytes: [UInt8]) async throws(IMAPError) {
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        } catch {
            throw .connectionClosed(byeText: "write failed: \(error)")
        }
    }

    /// Puts TLS under the IMAP handler (position first: it decrypts before the parser sees
    /// bytes and encrypts after commands are written). Call right after STARTTLS's OK.
    func startTLS() async throws(IMAPError) {
        let context = try Self.makeTLSContext(configuration)
        let serverHostname = Self.serverHostname(configuration.host)
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
            }.get()
        } catch {
            throw .tls(reason: "\(error)")
        }
    }

    func close() async {
        try? await channel.close().get()
    }

    static func makeTLSContext(_ configuration: IMAPConnectionConfiguration) throws(IMAPError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let file = configuration.trustRootsFile { tls.trustRoots = .file(file) }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .tls(reason: "cannot build the TLS context: \(error)")
        }
    }

    /// SNI and name verification take a host name; for an IP literal NIOSSL verifies the
    /// certificate's IP SAN against the peer address instead (nil here).
    static func serverHostname(_ host: String) -> String? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if (try? SocketAddress(ipAddress: bare, port: 0)) != nil { return nil }
        return host
    }
}
