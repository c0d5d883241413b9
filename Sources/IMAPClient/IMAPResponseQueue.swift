import NIOCore
import Synchronization

/// The hand-off between a connection's channel handler (event loop: pushes parsed responses,
/// or the error that ended the connection) and the one task that runs commands (awaits them).
///
/// The first failure is final: later waits get it too, after any responses that arrived
/// before it (a `BYE` is read before "connection closed"). A wait that sees no bytes at all
/// for `timeout` fails the connection with `.timeout`; bytes of a long literal count as
/// progress, so a slow 10 MiB FETCH is not cut off. Task cancellation fails the wait with
/// `.cancelled`.
///
/// Thread-safe: all state sits in one `Mutex`; continuations are resumed under it (resume
/// only enqueues the waiting task).
final class IMAPResponseQueue: Sendable {
    private struct State {
        var buffered: [IMAPResponse] = []
        var head = 0
        var failure: IMAPError?
        var waiter: CheckedContinuation<Result<IMAPResponse, IMAPError>, Never>?
        var waitGeneration = 0
        var lastActivity = NIODeadline.now()
    }

    private let state = Mutex(State())

    /// Called for every read, before parsing: progress for the timeout.
    func noteActivity() {
        state.withLock { $0.lastActivity = .now() }
    }

    func push(_ responses: [IMAPResponse]) {
        guard !responses.isEmpty else { return }
        state.withLock { state in
            state.buffered.append(contentsOf: responses)
            Self.deliver(&state)
        }
    }

    func fail(_ error: IMAPError) {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
            Self.deliver(&state)
        }
    }

    /// True when responses are waiting unread (STARTTLS checks that none were injected
    /// in plaintext after its OK).
    var hasBuffered: Bool { state.withLock { $0.head < $0.buffered.count } }

    /// The next response; `timeout` without any bytes arriving fails the connection.
    func next(on eventLoop: any EventLoop, timeout: TimeAmount) async throws(IMAPError) -> IMAPResponse {
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<IMAPResponse, IMAPError>, Never>) in
                let generation = state.withLock { state -> Int? in
                    state.waiter = continuation
                    Self.deliver(&state)
                    guard state.waiter != nil else { return nil }
                    state.waitGeneration += 1
                    state.lastActivity = .now()
                    return state.waitGeneration
                }
                if let generation { watch(generation, on: eventLoop, timeout: timeout) }
            }
        } onCancel: {
            fail(.cancelled)
        }
        return try result.get()
    }

    /// Checks the wait `generation` after `timeout`; re-arms while bytes keep arriving.
    private func watch(_ generation: Int, on eventLoop: any EventLoop, timeout: TimeAmount) {
        eventLoop.scheduleTask(in: timeout) { [self] in
            let rearm = state.withLock { state -> TimeAmount? in
                guard state.waiter != nil, state.waitGeneration == generation else { return nil }
                let idle = NIODeadline.now() - state.lastActivity
                if idle < timeout { return timeout - idle }
                if state.failure == nil {
                    state.failure = .timeout(command: "", seconds: Int(timeout.nanoseconds / 1_000_000_000))
                }
                Self.deliver(&state)
                return nil
            }
            if let rearm { watch(generation, on: eventLoop, timeout: rearm) }
        }
    }

    private static func deliver(_ state: inout State) {
        guard let waiter = state.waiter else { return }
        if state.head < state.buffered.count {
            let response = state.buffered[state.head]
            state.head += 1
            if state.head == state.buffered.count {
                state.buffered.removeAll(keepingCapacity: true)
                state.head = 0
            }
            state.waiter = nil
            waiter.resume(returning: .success(response))
        } else if let failure = state.failure {
            state.waiter = nil
            waiter.resume(returning: .failure(failure))
        }
    }
}
