import Hummingbird

/// The per-request context: Hummingbird's core storage plus the request id that the log lines
/// and the `X-Request-Id` response header carry. A value owned by one request (thread-safe).
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's `X-Request-Id` when it sent a usable one, else a fresh id.
    public var requestId: String = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// API.md's general body limit; the email route reads its own larger limit explicitly.
    public var maxUploadSize: Int { BodyReader.bytesMaxDefault }
}
