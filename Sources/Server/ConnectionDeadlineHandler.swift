import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Per-connection deadlines and the end of refused connections, which Hummingbird leaves open.
///
/// - A request's headers must arrive within `idleTimeout` of the connection opening or of the
///   previous answer (slow or absent headers, idle keep-alive connections).
/// - Its body must arrive within `readTimeout` of its headers, however the bytes trickle in.
/// - An answer written before its request was read in full (a refused credential, a body over the
///   cap or the buffer budget) ends the connection: output is shut at once and reading stops; the
///   socket is closed after a short linger (closing at once with unread bytes would reset the
///   connection and could destroy the answer before the sender read it).
///
/// While a request is being handled (read in full, not yet answered) no deadline runs: intake may
/// wait for its commit.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let idleTimeout: TimeAmount
    private let readTimeout: TimeAmount
    private let linger: TimeAmount
    private var timer: Scheduled<Void>?
    private var headsRead = 0
    private var endsRead = 0
    private var answered = 0
    private var closing = false

    init(idleTimeout: TimeAmount, readTimeout: TimeAmount, linger: TimeAmount = .seconds(2)) {
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.linger = linger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, idleTimeout) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, idleTimeout)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            headsRead += 1
            if !closing { arm(context, readTimeout) }
        case .body:
            break
        case .end:
            endsRead += 1
            if !closing { disarm() }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        answered += 1
        if endsRead < answered, !closing {
            // Answered before the request's body was read: finish the answer, then end the connection.
            closing = true
            context.writeAndFlush(data, promise: promise)
            context.close(mode: .output, promise: nil)
            arm(context, linger)
            return
        }
        context.write(data, promise: promise)
        if !closing, headsRead == answered { arm(context, idleTimeout) }
    }

    /// A refused connection reads nothing more: its sender's bytes stay in the kernel until close.
    func read(context: ChannelHandlerContext) {
        if !closing { context.read() }
    }

    private func arm(_ context: ChannelHandlerContext, _ delay: TimeAmount) {
        disarm()
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        timer = loop.scheduleTask(in: delay) { [weak self] in
            self?.timer = nil
            context.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}

@available(*, unavailable)
extension ConnectionDeadlineHandler: Sendable {}
