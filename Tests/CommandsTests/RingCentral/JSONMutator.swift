import TestSupport

@testable import Commands

/// Seeded corruptions of a JSON document, for the intake mutation tests: byte-level damage
/// (bit flips, random bytes, truncation, splices) and structural damage applied to the parsed
/// tree (values swapped for other types, keys deleted or duplicated, deep nesting).
///
/// Deterministic for a seed: object keys are visited and rendered sorted, so a replay with
/// `CL_TEST_SEED` reproduces the same bytes (Swift's per-process hashing does not leak in).
struct JSONMutator {
    var rng: SplitMix64

    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return flipBits(bytes)
        case 1: return randomBytes(bytes)
        case 2: return Array(bytes.prefix(Int.random(in: 0..<max(bytes.count, 1), using: &rng)))
        case 3: return splice(bytes)
        default:
            guard let tree = try? IntakeJSON.parse(bytes) else { return flipBits(bytes) }
            var mutated = tree
            for _ in 0..<Int.random(in: 1...3, using: &rng) { mutated = damageRandomNode(of: mutated) }
            return Array(Self.render(mutated).utf8)
        }
    }

    // MARK: Byte damage

    mutating func flipBits(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var copy = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            copy[Int.random(in: 0..<copy.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
        }
        return copy
    }

    mutating func randomBytes(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var copy = bytes
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            copy[Int.random(in: 0..<copy.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        }
        return copy
    }

    /// A random range removed or repeated: unbalanced brackets, doubled members.
    mutating func splice(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > 2 else { return bytes }
        let start = Int.random(in: 0..<bytes.count, using: &rng)
        let end = Int.random(in: start...min(bytes.count, start + 64), using: &rng)
        var copy = bytes
        if Bool.random(using: &rng) {
            copy.removeSubrange(start..<end)
        } else {
            copy.insert(contentsOf: bytes[start..<end], at: end)
        }
        return copy
    }

    // MARK: Structural damage

    /// Walks down from the root, stopping at each level with probability 1/3 (always at a
    /// leaf), and damages the node reached. O(depth), so deep trees stay cheap.
    mutating func damageRandomNode(of value: IntakeJSON) -> IntakeJSON {
        switch value {
        case .object(var members) where !members.isEmpty && Int.random(in: 0..<3, using: &rng) > 0:
            let key = members.keys.sorted()[Int.random(in: 0..<members.count, using: &rng)]
            members[key] = damageRandomNode(of: members[key]!)
            return .object(members)
        case .array(var elements) where !elements.isEmpty && Int.random(in: 0..<3, using: &rng) > 0:
            let index = Int.random(in: 0..<elements.count, using: &rng)
            elements[index] = damageRandomNode(of: elements[index])
            return .array(elements)
        default:
            return damage(value)
        }
    }

    mutating func damage(_ node: IntakeJSON) -> IntakeJSON {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0, 1: return replacement()
        case 2:
            guard case .object(var members) = node, let key = members.keys.sorted().randomElement(using: &rng) else {
                return replacement()
            }
            members[key] = nil
            return .object(members)
        case 3:
            return nest(node, depth: Int.random(in: 1...(Bool.random(using: &rng) ? 8 : 400), using: &rng))
        default:
            guard case .array(let elements) = node else { return .array([node, node]) }
            return .array(elements + elements.prefix(Int.random(in: 0...3, using: &rng)))
        }
    }

    mutating func nest(_ node: IntakeJSON, depth: Int) -> IntakeJSON {
        var nested = node
        for _ in 0..<depth { nested = Bool.random(using: &rng) ? .array([nested]) : .object(["k": nested]) }
        return nested
    }

    /// A value of some type, often a plausible-looking but wrong one for an intake field.
    mutating func replacement() -> IntakeJSON {
        Self.replacements[Int.random(in: 0..<Self.replacements.count, using: &rng)]
    }

    static let replacements: [IntakeJSON] = [
        .null, .bool(true), .bool(false), .number("0"), .number("-1"), .number("1.5"), .number("1e309"),
        .number("123456789012345678901234567890"), .string(""), .string("   "), .string("+14155550100"),
        .string("(415) 555-0100"), .string("12345"), .string("1234567"), .string("2026-02-30T00:00:00Z"),
        .string("2026-03-02T17:01:00Z"), .string("STOP"), .string("Voicemail"), .string("Outbound"),
        .string("human_conversation"), .string("\u{0}\u{7}"), .string(String(repeating: "x", count: 70_000)),
        .array([]), .array([.null]), .object([:]), .object(["phoneNumber": .string("+14155550100")]),
    ]

    // MARK: Tree helpers

    static func render(_ value: IntakeJSON) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): text
        case .string(let text): quote(text)
        case .array(let elements): "[" + elements.map(render).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { quote($0) + ":" + render(members[$0]!) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
