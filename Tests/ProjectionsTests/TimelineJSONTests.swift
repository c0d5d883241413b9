import Domain
import Testing

@testable import Projections

/// The timeline's hand-written JSON is byte-identical to the catalog's canonical JSON.
@Suite struct TimelineJSONTests {
    @Test func timelineValuesEncodeExactlyLikeCanonicalJSON() {
        let samples: [[String: String?]] = [
            [:], ["b": "2", "a": "1"], ["note": "quote \" backslash \\ slash / newline \n tab \t"],
            ["ctl": "\u{01}\u{08}\u{0C}\r\u{1F}", "name": "Zoë Brontë 🏋️"], ["absent": nil, "present": "x"],
        ]
        for sample in samples {
            let expected = String(decoding: EventCodec.canonicalJSON(sample.compactMapValues { $0 }), as: UTF8.self)
            #expect(ContactTimeline.json(sample) == expected)
        }
    }
}
