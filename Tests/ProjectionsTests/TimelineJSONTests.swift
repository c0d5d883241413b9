import Domain
import Testing

@testable import Projections

/// The timeline's hand-written JSON is byte-identical to the catalog's canonical JSON.
@Suite struct TimelineJSONTests {
    @Test func timelineValuesEncodeExactlyLikeCanonicalJSON() {
        let samples: [KeyValuePairs<String, String?>] = [
            [:], ["b": "2", "a": "1"], ["note": "quote \" backslash \\ slash / newline \n tab \t"],
            ["ctl": "\u{01}\u{08}\u{0C}\r\u{1F}", "name": "Zoë Brontë 🏋️"], ["absent": nil, "present": "x"],
            ["leadType": "Web Lead", "firstName": "Dana", "lastName": nil], ["z": "1", "Z": "2", "é": "3", "e": "4"],
        ]
        for sample in samples {
            let fields = Dictionary(uniqueKeysWithValues: sample.map { ($0.key, $0.value) })
            let expected = String(decoding: EventCodec.canonicalJSON(fields.compactMapValues { $0 }), as: UTF8.self)
            #expect(ContactTimeline.json(sample) == expected)
        }
    }
}
