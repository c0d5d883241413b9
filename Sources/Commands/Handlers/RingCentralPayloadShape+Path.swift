extension RingCentralPayloadShape {
    /// The JSON path of a record field in a payload of this shape, so that a handler's error
    /// names the field where the sender put it (`body.id`, `[1].body.id`, `id`) — the same
    /// paths the parsers report.
    func path(_ field: String) -> String {
        switch self {
        case .bare: field
        case .envelope: "body.\(field)"
        case .webSocket: "[1].body.\(field)"
        }
    }
}
