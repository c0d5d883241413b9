import HTTPTypes
import Foundation
import Hummingbird
import NIOCore

/// Request body limits and media types (API.md "Errors": 413 over 1 MiB, 10 MiB for
/// `/v1/ingest/email`; 415 for a media type the route does not take).
///
/// A declared `Content-Length` over the limit is refused before a byte of the body is read; a
/// chunked body is read up to the limit and refused the moment it passes it, so a client can
/// never make the server buffer more than the limit.
enum BodyReader {
    static let bytesMaxDefault = 1 << 20
    static let bytesMaxEmail = 10 << 20

    /// What a route's body may be.
    struct MediaTypes: Sendable {
        var accepted: [String]
        /// A route whose body is optional (`{}` is the default) takes an empty body with no type.
        var optional: Bool

        static let json = MediaTypes(accepted: ["application/json"], optional: false)
        static let optionalJSON = MediaTypes(accepted: ["application/json"], optional: true)
        /// JSON Lines under each name in use; `application/json` too, since one event on one
        /// line is both.
        static let jsonLines = MediaTypes(
            accepted: ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json"],
            optional: false)
        static let rfc822 = MediaTypes(accepted: ["message/rfc822"], optional: false)
    }

    /// The body's bytes, after the limit and media-type checks.
    static func read(_ request: inout Request, bytesMax: Int, types: MediaTypes) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength], let length = Int(declared), length > bytesMax {
            throw tooLarge(bytesMax)
        }
        let contentType = request.headers[.contentType]
        let mediaType = contentType.map(Self.mediaType)
        if let mediaType, !types.accepted.contains(mediaType) {
            throw unsupported(mediaType, types)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: bytesMax)
        } catch is NIOTooManyBytesError {
            // A chunked body (no Content-Length to refuse up front) that passed the limit.
            throw tooLarge(bytesMax)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(bytesMax)
        } catch let error as HTTPError {
            throw APIError(.malformedInput, "the request body could not be read (\(error.status.code))")
        } catch {
            // NIO's decoder fails the body stream on a malformed chunked encoding (a bad chunk
            // size, a chunk size past Int, a missing CRLF) or a connection closed mid-body: the
            // client's fault, not the server's.
            throw APIError(.malformedInput, "the request body could not be read: it is not valid HTTP/1.1 framing (chunked encoding)")
        }
        if buffer.readableBytes == 0 {
            if types.optional { return [] }
            throw APIError(.malformedInput, "the request body is empty")
        }
        if mediaType == nil {
            throw unsupported(nil, types)
        }
        return Array(buffer.readableBytesView)
    }

    /// Whether the request declares an empty body (no `Transfer-Encoding`, `Content-Length`
    /// absent or 0): what can be known without reading it.
    static func declaresNoBody(_ request: Request) -> Bool {
        guard request.headers[.transferEncoding] == nil else { return false }
        guard let length = request.headers[.contentLength] else { return true }
        return length.trimmingCharacters(in: .whitespaces) == "0"
    }

    /// `Application/JSON; charset=utf-8` → `application/json`.
    static func mediaType(_ header: String) -> String {
        let essence = header.split(separator: ";", maxSplits: 1).first ?? ""
        return essence.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func tooLarge(_ bytesMax: Int) -> APIError {
        APIError(.tooLarge, "the request body is over this route's limit of \(bytesMax) bytes")
    }

    static func unsupported(_ mediaType: String?, _ types: MediaTypes) -> APIError {
        let given = mediaType.map { "'\($0.prefix(80))'" } ?? "no Content-Type"
        return APIError(
            .unsupportedMediaType, "\(given) is not accepted here; send \(types.accepted.joined(separator: " or "))",
            field: "Content-Type")
    }
}
