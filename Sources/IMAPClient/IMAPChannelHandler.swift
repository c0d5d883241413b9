import NIOCore
import NIOSSL

/// Feeds the bytes a connection reads into an ``IMAPResponseParser`` and hands complete
/// responses to the ``IMAPResponseQueue``; turns a parse error, a TLS or socket error and the
/// end of the connection into the queue's final failure (and closes the channel).
///
/// Not thread-safe: NIO calls it on its channel's event loop only.
final class IMAPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser: IMAPResponseParser
    private let queue: IMAPResponseQueue
    private var byeText: String?

    init(queue: IMAPResponseQueue, limits: IMAPResponseParser.Limits) {
        self.queue = queue
        self.parser = IMAPResponseParser(limits: limits)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        queue.noteActivity()
        do {
            let responses = try parser.parse(buffer.readableBytesView)
            for case .untagged(.status(let status)) in responses where status.status == .bye {
                byeText = status.text
            }
            queue.push(responses)
        } catch {
            queue.fail(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        queue.fail(.connectionClosed(byeText: byeText))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            queue.fail(.tls(reason: "\(error)"))
        } else {
            queue.fail(.connectionClosed(byeText: byeText ?? "\(error)"))
        }
        context.close(promise: nil)
    }
}
