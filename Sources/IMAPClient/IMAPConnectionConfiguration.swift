/// Where and how to connect. Thread-safe (a value).
public struct IMAPConnectionConfiguration: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        /// TLS from the first byte (`imaps://`, port 993).
        case implicitTLS
        /// Plain TCP, upgraded with STARTTLS when the server offers it (`imap://`, port 143).
        /// Without STARTTLS the login goes ahead only on loopback or with `allowPlaintext`.
        case startTLSWhenOffered
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// A PEM file of CA certificates to trust instead of the system's (a private CA, or the
    /// self-signed certificate of a test server). nil: the system trust store.
    public var trustRootsFile: String?
    /// Allows a password in clear to a non-loopback host (INTAKE.md: "plain only on loopback
    /// or when explicitly allowed").
    public var allowPlaintext: Bool
    public var connectTimeoutSeconds: Int
    /// A command fails (and the connection is dropped) after this long without any byte.
    public var responseTimeoutSeconds: Int
    public var parserLimits: IMAPResponseParser.Limits

    public init(
        host: String, port: Int, security: Security, trustRootsFile: String? = nil, allowPlaintext: Bool = false,
        connectTimeoutSeconds: Int = 30, responseTimeoutSeconds: Int = 60,
        parserLimits: IMAPResponseParser.Limits = IMAPResponseParser.Limits()
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.trustRootsFile = trustRootsFile
        self.allowPlaintext = allowPlaintext
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.responseTimeoutSeconds = responseTimeoutSeconds
        self.parserLimits = parserLimits
    }

    /// 127.0.0.0/8, ::1 and `localhost`: a password in clear never leaves the machine.
    public var isLoopback: Bool {
        let lower = host.lowercased()
        return lower == "localhost" || lower == "::1" || lower == "[::1]" || lower.hasPrefix("127.")
    }
}
