import HTTPTypes
import Foundation
import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route this server registers. The
/// file is `Sources/HTTPServer/Resources/openapi.json` (docs/openapi.json links to it), shipped
/// as a resource; `OpenAPIDocumentTests` checks it against the registered routes.
struct OpenAPIRoute {
    let services: APIServices

    /// The document's bytes, read once.
    static let document: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("the openapi.json resource is missing from the HTTPServer bundle")
        }
        return Array(data)
    }()

    func register(on routes: RouteTable) {
        routes.add(.get, "/openapi.json", access: .open, authenticator: services.authenticator) { _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.document)))
        }
    }
}
