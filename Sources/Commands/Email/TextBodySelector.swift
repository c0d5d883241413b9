import Foundation

/// Chooses the text a person reads as the body (INTAKE.md): in `multipart/alternative` the
/// `text/plain` alternative, else the HTML one converted to text; in other multiparts (mixed,
/// related, unknown) the readable text of every non-attachment child, in order, so a body
/// split around an inline image is kept whole. Attachments and non-text leaves are ignored.
/// Thread-safe (stateless).
enum TextBodySelector {
    private struct Selection {
        var text: String
        var fromHTML: Bool
    }

    static func select(_ root: MIMEPart) -> (text: String, source: MIMEMessage.TextBodySource) {
        guard let selection = selection(root) else { return ("", .none) }
        return (normalizeLineBreaks(selection.text), selection.fromHTML ? .html : .plain)
    }

    private static func selection(_ part: MIMEPart) -> Selection? {
        guard !part.isAttachment else { return nil }
        switch part.content {
        case let .text(text):
            switch part.contentType.subtype {
            case "plain":
                return isBlank(text) ? nil : Selection(text: text, fromHTML: false)
            case "html":
                let converted = HTMLText.convert(text)
                return isBlank(converted) ? nil : Selection(text: converted, fromHTML: true)
            default:
                return nil
            }
        case .bytes:
            return nil
        case let .multipart(children):
            let selections = children.compactMap(selection)
            if part.contentType.subtype == "alternative" {
                return selections.first { !$0.fromHTML } ?? selections.first
            }
            guard !selections.isEmpty else { return nil }
            return Selection(
                text: selections.map(\.text).joined(separator: "\n\n"),
                fromHTML: selections.contains { $0.fromHTML })
        }
    }

    private static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// CR LF and lone CR become LF; a leading byte-order mark is dropped.
    static func normalizeLineBreaks(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            if scalar == "\u{FEFF}", scalars.isEmpty { continue }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
