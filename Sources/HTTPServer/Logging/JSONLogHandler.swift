import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line to stderr (API.md: structured
/// logs): `{"ts","level","label","msg", …metadata}`, so log shippers need no parsing rules and
/// request ids (`request_id`) can be grepped and joined.
///
/// Installed once by `contactledger serve` through `LoggingSystem.bootstrap` (STYLE.md: the
/// only process-wide setup). Thread-safe: each line is built locally and written with one
/// `write(2)` under a process-wide lock, so lines from concurrent requests never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String

    private static let writeLock = Mutex(())

    public init(label: String, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let explicit = event.metadata
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit { merged.merge(explicit) { _, new in new } }
        var members: [(String, JSONOut)] = [
            ("ts", .string(Self.timestamp())),
            ("level", .string(level.rawValue)),
            ("label", .string(label)),
            ("msg", .string(message.description)),
        ]
        if let error = event.error { members.append(("error", .string(String(describing: error)))) }
        for key in merged.keys.sorted() {
            let name = key == "hb.request.id" ? "hb_request_id" : key
            members.append((name, Self.json(merged[key]!)))
        }
        var bytes = JSONOut.object(members).bytes
        bytes.append(0x0A)
        Self.writeLock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONOut {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { .int(Int64(number)) }
            else if let number = convertible as? UInt64 { .uint(number) }
            else if let number = convertible as? Double { .double(number) }
            else if let flag = convertible as? Bool { .bool(flag) }
            else { .string(convertible.description) }
        case .array(let values): .array(values.map(json))
        case .dictionary(let members): .object(members.keys.sorted().map { ($0, json(members[$0]!)) })
        }
    }

    /// ISO-8601 UTC with milliseconds.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(now.tv_nsec / 1_000_000))
    }
}
