/// Why an IMAP exchange failed. Every call in this module throws only this type (typed throws).
///
/// The poller sorts them into two groups (`isConnectionFailure`): the server or the network
/// went away or misbehaved — retry later with backoff — and the server refused a command
/// (`NO`/`BAD`), which names the command and the server's own text. Credentials never appear
/// in any case: a refused LOGIN is `.authenticationFailed` with the server's text only.
/// Thread-safe (a value).
public enum IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// TCP connect failed or timed out (`reason` is the system's).
    case connectionFailed(host: String, port: Int, reason: String)
    /// The server closed the connection (after `BYE` when it sent one: `byeText`).
    case connectionClosed(byeText: String?)
    /// No bytes arrived for `seconds` while a response was due.
    case timeout(command: String, seconds: Int)
    /// The tagged `NO` to `command`: the server refused it (`code` is the response code, e.g. `ALREADYEXISTS`).
    case no(command: String, code: String?, text: String)
    /// The tagged `BAD` to `command`: the server did not understand it.
    case bad(command: String, text: String)
    /// LOGIN or AUTHENTICATE was refused.
    case authenticationFailed(text: String)
    /// The server's bytes do not follow RFC 3501 (`context` quotes at most 80 bytes of it).
    case protocolViolation(reason: String, context: String)
    /// A response line or literal is over the parser's limit.
    case limitExceeded(field: String, bytes: Int, limitBytes: Int)
    /// The connection would carry the password in clear: no TLS and not allowed (INTAKE.md:
    /// plain only on loopback or when explicitly allowed).
    case tlsRequired(reason: String)
    /// The TLS handshake or the TLS configuration failed.
    case tls(reason: String)
    /// The server lacks something the client needs (e.g. LOGINDISABLED with no AUTH=PLAIN).
    case unsupported(reason: String)
    /// The calling task was cancelled.
    case cancelled

    /// True when retrying on a new connection may help (network, timeouts, server restarts).
    public var isConnectionFailure: Bool {
        switch self {
        case .connectionFailed, .connectionClosed, .timeout, .protocolViolation, .limitExceeded, .tls: true
        case .no, .bad, .authenticationFailed, .tlsRequired, .unsupported, .cancelled: false
        }
    }

    public var description: String {
        switch self {
        case let .connectionFailed(host, port, reason): "cannot connect to \(host):\(port): \(reason)"
        case let .connectionClosed(bye): "the server closed the connection" + (bye.map { " (BYE \($0))" } ?? "")
        case let .timeout(command, seconds): "no response to \(command) within \(seconds) s"
        case let .no(command, code, text): "\(command) refused: NO \(code.map { "[\($0)] " } ?? "")\(text)"
        case let .bad(command, text): "\(command) rejected: BAD \(text)"
        case let .authenticationFailed(text): "authentication failed: \(text)"
        case let .protocolViolation(reason, context): "protocol violation: \(reason) in \"\(context)\""
        case let .limitExceeded(field, bytes, limit): "\(field) of \(bytes) bytes is over the limit of \(limit) bytes"
        case let .tlsRequired(reason): "refusing a plaintext connection: \(reason)"
        case let .tls(reason): "TLS failed: \(reason)"
        case let .unsupported(reason): "server does not support \(reason)"
        case .cancelled: "cancelled"
        }
    }
}
