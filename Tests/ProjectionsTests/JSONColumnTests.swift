import Domain
import Foundation
import TestSupport
import Testing

@testable import Projections

/// `JSONValue.parse` and `JSONColumn` read JSON text columns as `JSONDecoder` did: the same
/// values for every text JSONEncoder writes, and nothing for text it refuses.
/// Values are drawn from a seeded generator: `CL_TEST_SEED=<n>` replays a failure.
@Suite struct JSONColumnTests {
    struct Values {
        var random: SplitMix64
        mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
        mutating func string() -> String { pick(ContactJSONTests.awkward) }

        mutating func value(depth: Int = 0) -> JSONValue {
            switch Int.random(in: 0...(depth < 3 ? 7 : 4), using: &random) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &random))
            case 2:
                return .int(pick([0, 1, -1, 42, Int64.max, Int64.min, Int64.random(in: .min ... .max, using: &random)]))
            case 3: return .double(pick([0.5, -2.25, 1e-7, 3.141592653589793, 1.5e300, Double.random(in: -1e9...1e9, using: &random)]))
            case 4: return .string(string())
            case 5: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &random) { members[string()] = value(depth: depth + 1) }
                return .object(members)
            }
        }
    }

    static func decoded<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    @Test func everyValueJSONEncoderWritesParsesAsJSONDecoderReadsIt() throws {
        var values = Values(random: .fromEnvironment())
        let encoder = JSONEncoder()
        for _ in 0..<2_000 {
            let value = values.value()
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            let expected = Self.decoded(JSONValue.self, text)
            #expect(expected != nil, "\(text)")
            #expect(JSONValue.parse(text) == expected, "\(text) — \(values.random.replayHint)")
        }
    }

    @Test func escapesWhitespaceAndNumbers() {
        let cases: [(String, JSONValue)] = [
            (#" { "a" : [ 1 , -0 , 2.5e1 , 1E-2 , true , false , null ] } "#,
             .object(["a": .array([.int(1), .int(0), .int(25), .double(0.01), .bool(true), .bool(false), .null])])),
            (#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{08}\u{0C}\n\r\t")),
            (#""\u0041\u00e9\u4e2d\ud83c\udfcb""#, .string("Aé中🏋")),
            ("1.0", .int(1)),
            ("9223372036854775807", .int(.max)),
            ("9223372036854775808", .double(9_223_372_036_854_775_808)),
            ("[]", .array([])),
            ("{}", .object([:])),
        ]
        for (text, expected) in cases {
            #expect(JSONValue.parse(text) == expected, "\(text)")
            #expect(Self.decoded(JSONValue.self, text) == expected, "JSONDecoder: \(text)")
        }
    }

    @Test func malformedTextParsesToNothing() {
        let bad = [
            "", " ", "[", "]", "{", #"{"a"}"#, #"{"a":}"#, #"{a:1}"#, "[1 2]", "01", "1.", ".5", "-", "1e", "+1",
            "tru", "nul", "True", #""open"#, #""bad \x escape""#, #""\u12""#, #""\ud83c""#, #""\udfcb""#, "\"tab\there\"",
            "1 2", "[1] x", "NaN", "Infinity", "1e999",
        ]
        for text in bad {
            #expect(JSONValue.parse(text) == nil, "\(text)")
            #expect(Self.decoded(JSONValue.self, text) == nil, "JSONDecoder accepts \(text)")
        }
        // JSONDecoder lets a trailing comma and a duplicate member (the first wins) pass; the
        // columns never hold either, and the one strict reader refuses both.
        #expect(JSONValue.parse("[1,]") == nil)
        #expect(JSONValue.parse(#"{"a":1,}"#) == nil)
        #expect(JSONValue.parse(#"{"k":1,"k":2}"#) == nil)
        let deep = String(repeating: "[", count: JSONValue.depthMax + 1) + String(repeating: "]", count: JSONValue.depthMax + 1)
        #expect(JSONValue.parse(deep) == nil)
    }

    @Test func arrayColumnsReadAsTheirDecodableElements() throws {
        var values = Values(random: .fromEnvironment())
        let encoder = JSONEncoder()
        for _ in 0..<500 {
            let actions = (0..<Int.random(in: 0...3, using: &values.random)).map { _ in
                var action = SuggestedAction(action: "call", priority: values.pick(TaskPriority.allCases))
                action.action = "  " + values.string()  // as stored: the reader must not trim
                action.reason = Bool.random(using: &values.random) ? nil : values.string()
                action.priorityReason = Bool.random(using: &values.random) ? nil : values.string()
                return action
            }
            let goals = (0..<Int.random(in: 0...3, using: &values.random)).map { _ in
                var goal = ContactGoal(goal: "goal")
                goal.goal = values.string()
                goal.reason = Bool.random(using: &values.random) ? nil : values.string()
                return goal
            }
            let labels = (0..<Int.random(in: 0...3, using: &values.random)).map { _ in values.string() }
            let actionsText = String(decoding: try encoder.encode(actions), as: UTF8.self)
            let goalsText = String(decoding: try encoder.encode(goals), as: UTF8.self)
            let labelsText = String(decoding: try encoder.encode(labels), as: UTF8.self)
            #expect(JSONColumn.array(actionsText) == actions, "\(actionsText) — \(values.random.replayHint)")
            #expect(JSONColumn.array(goalsText) == goals, "\(goalsText)")
            #expect(JSONColumn.array(labelsText) == labels, "\(labelsText)")
        }
    }

    @Test func anArrayWithAnElementItsTypeRefusesReadsAsEmptyAsJSONDecoderDid() {
        let texts = [
            #"[{"action":"call"}]"#,  // priority missing
            #"[{"action":"call","priority":"urgent"}]"#,  // not a priority
            #"[{"action":"call","priority":"high","reason":3}]"#,  // reason not a string
            #"[{"action":"call","priority":"high"}, 1]"#,
            #"{"action":"call","priority":"high"}"#,  // not an array
            "not json",
        ]
        for text in texts {
            let parsed: [SuggestedAction] = JSONColumn.array(text)
            #expect(parsed.isEmpty, "\(text)")
            #expect((Self.decoded([SuggestedAction].self, text) ?? []).isEmpty, "JSONDecoder: \(text)")
        }
        let withExtras: [SuggestedAction] = JSONColumn.array(
            #"[{"action":"call","priority":"high","reason":null,"extra":{"x":[1]}}]"#)
        #expect(withExtras == [SuggestedAction(action: "call", priority: .high)])
        let strings: [String] = JSONColumn.array(#"["a", 1]"#)
        #expect(strings.isEmpty)
    }
}
