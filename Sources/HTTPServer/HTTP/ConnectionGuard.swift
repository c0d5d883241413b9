import NIOCore
import NIOHTTPTypes
import Synchronization

/// How long a connection may take at each step, and how many may be open at once
/// (`APIServerOptions.connections`). Thread-safe (a value).
public struct ConnectionLimits: Sendable {
    /// From the connection's opening to the end of its first request's head: a client that
    /// trickles its headers (slowloris) is closed after this.
    public var headerReadTimeout: Duration = .seconds(10)
    /// From a request's head to the end of its body (the whole body, however it trickles).
    public var bodyReadTimeout: Duration = .seconds(60)
    /// From the end of a response to the next request's head on a kept-alive connection.
    public var idleTimeout: Duration = .seconds(60)
    /// Connections open at once; one more is closed as soon as it is accepted, before a byte
    /// of it is read (each holds a file descriptor, and the process has a bounded number).
    public var connectionsMax = 512

    public init() {}
}

/// The open-connection count shared by every connection's `ConnectionGuard`.
/// Thread-safe: an atomic.
final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)

    /// Counts one more; false (and not counted) when `limit` are already open.
    func admit(limit: Int) -> Bool {
        while true {
            let current = open.load(ordering: .relaxed)
            guard current < limit else { return false }
            if open.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged { return true }
        }
    }

    func release() { open.subtract(1, ordering: .acquiringAndReleasing) }

    var count: Int { open.load(ordering: .relaxed) }
}

/// Enforces `ConnectionLimits` on one HTTP/1.1 connection: it sits right after the HTTP
/// decoder (it sees request heads, body parts and ends, and response ends) and closes the
/// channel when the step in progress outlasts its timeout:
///
/// | waiting for                         | since                      | timeout             |
/// |-------------------------------------|----------------------------|---------------------|
/// | the first request's head            | the connection opened      | `headerReadTimeout` |
/// | the end of a request's body         | its head                   | `bodyReadTimeout`   |
/// | (a route at work)                   | the request's end          | none                |
/// | the next request's head             | the last response's end    | `idleTimeout`       |
///
/// A route's own work is not timed here (an audit may take seconds); routes bound their waits
/// themselves. Over `connectionsMax`, the connection is closed on arrival.
///
/// Not thread-safe: one instance per channel, used on its event loop only (NIO's rule).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ConnectionLimits
    let counter: ConnectionCounter
    private var admitted = false
    private var deadline: Scheduled<Void>?
    /// Requests whose head arrived and whose response has not ended.
    private var requestsOpen = 0
    private var readingBody = false

    init(limits: ConnectionLimits, counter: ConnectionCounter) {
        self.limits = limits
        self.counter = counter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = counter.admit(limit: limits.connectionsMax)
        guard admitted else {
            // Closed from the event loop's next turn: the pipeline is still being set up.
            let channel = context.channel
            channel.eventLoop.execute { channel.close(promise: nil) }
            return
        }
        arm(context, limits.headerReadTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        if admitted {
            admitted = false
            counter.release()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsOpen += 1
            readingBody = true
            arm(context, limits.bodyReadTimeout)
        case .body:
            break
        case .end:
            readingBody = false
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestsOpen = max(0, requestsOpen - 1)
            if requestsOpen == 0, !readingBody { arm(context, limits.idleTimeout) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: Duration) {
        disarm()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
