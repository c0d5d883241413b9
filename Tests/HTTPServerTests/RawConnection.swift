import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP connection to a test server, for what a well-behaved HTTP client never sends:
/// trickled headers, broken chunked framing, connections held open.
///
/// A watchdog closes the connection from this side after `watchdog` (a bound on a test that
/// would otherwise hang, not a wait: `closedByServer` tells the two apart). Owned by one test.
struct RawConnection {
    let channel: any Channel
    private var incoming: AsyncStream<ByteBuffer>.AsyncIterator
    private let watchdogFired: Watchdog
    private(set) var received: [UInt8] = []

    final class Watchdog: Sendable {
        let fired = Atomic<Bool>(false)
    }

    static func open(port: Int, watchdog: TimeAmount = .seconds(60)) async throws -> RawConnection {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Forwarder(continuation)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let dog = Watchdog()
        channel.eventLoop.scheduleTask(in: watchdog) {
            dog.fired.store(true, ordering: .relaxed)
            channel.close(promise: nil)
        }
        return RawConnection(channel: channel, incoming: stream.makeAsyncIterator(), watchdogFired: dog)
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Reads until `done(received)` holds (true) or the connection closes (false).
    mutating func read(until done: ([UInt8]) -> Bool) async -> Bool {
        while !done(received) {
            guard let chunk = await incoming.next() else { return false }
            received += chunk.readableBytesView
        }
        return true
    }

    /// Reads until a response head has arrived (true) or the connection closes (false).
    mutating func readResponseHead() async -> Bool {
        await read { bytes in bytes.count >= 4 && (0...(bytes.count - 4)).contains { bytes[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) } }
    }

    /// Reads until the connection closes; true when the server closed it, false when the watchdog did.
    mutating func readUntilClosed() async -> Bool {
        _ = await read { _ in false }
        return !watchdogFired.fired.load(ordering: .relaxed)
    }

    /// The status code of the first response, nil before one arrived.
    var status: Int? {
        let text = String(decoding: received.prefix(12), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 "), text.count >= 12 else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    var text: String { String(decoding: received, as: UTF8.self) }

    func close() async {
        try? await channel.close()
    }

    /// Passes received bytes to the stream; ends it when the connection closes.
    private final class Forwarder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<ByteBuffer>.Continuation

        init(_ continuation: AsyncStream<ByteBuffer>.Continuation) { self.continuation = continuation }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            continuation.yield(unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.finish()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
