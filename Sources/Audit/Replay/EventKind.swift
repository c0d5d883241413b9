/// The event types the TCPA rules read, recognised from the type bytes of a log record
/// without making a String (the scan's hot path). Everything else is `.other` and costs one
/// length check. The strings are `EventType`'s raw values; `EventKindTests` checks that they
/// stay equal. Thread-safe (a value).
enum EventKind: UInt8 {
    case storeRegistered, storeUpdated
    case messageLogged, callLogged
    case contactAnalyzed, contactOptedOut, contactOptedIn, contactDNCSet, contactDNCCleared, contactMerged
    case other

    static func classify(_ type: UnsafeRawBufferPointer) -> EventKind {
        switch type.count {
        case 11: return JSONMembers.equals(type, "call.logged") ? .callLogged : .other
        case 13: return JSONMembers.equals(type, "store.updated") ? .storeUpdated : .other
        case 14:
            if JSONMembers.equals(type, "message.logged") { return .messageLogged }
            return JSONMembers.equals(type, "contact.merged") ? .contactMerged : .other
        case 15: return JSONMembers.equals(type, "contact.dnc_set") ? .contactDNCSet : .other
        case 16:
            if JSONMembers.equals(type, "contact.analyzed") { return .contactAnalyzed }
            if JSONMembers.equals(type, "contact.opted_in") { return .contactOptedIn }
            return JSONMembers.equals(type, "store.registered") ? .storeRegistered : .other
        case 17: return JSONMembers.equals(type, "contact.opted_out") ? .contactOptedOut : .other
        case 19: return JSONMembers.equals(type, "contact.dnc_cleared") ? .contactDNCCleared : .other
        default: return .other
        }
    }

    static let typeStrings: [EventKind: String] = [
        .storeRegistered: "store.registered", .storeUpdated: "store.updated", .messageLogged: "message.logged",
        .callLogged: "call.logged", .contactAnalyzed: "contact.analyzed", .contactOptedOut: "contact.opted_out",
        .contactOptedIn: "contact.opted_in", .contactDNCSet: "contact.dnc_set", .contactDNCCleared: "contact.dnc_cleared",
        .contactMerged: "contact.merged",
    ]
}

/// A store id as two integers: the 32 hex digits of a canonical UUID. Cheaper to hash than
/// the 36-byte text the log carries. Thread-safe (a value).
struct StoreKey: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case); nil otherwise.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 36 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0, digits = 0
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            digits += 1
        }
        self.high = high
        self.low = low
    }
}

/// The parts of a contact stream name, `contact/<storeId>/+1NXXNXXXXXX` (Domain `Streams`),
/// read from bytes. Thread-safe (a value).
struct ContactStreamName {
    var store: StoreKey
    var storeBytes: UnsafeRawBufferPointer
    /// The ten national digits as a number (< 2^34).
    var nationalNumber: UInt64

    static let prefixBytes = 8  // "contact/"
    static let totalBytes = 8 + 36 + 1 + 12

    init?(_ stream: UnsafeRawBufferPointer) {
        guard stream.count == Self.totalBytes, stream[0] == UInt8(ascii: "c"), stream[7] == UInt8(ascii: "/"),
              JSONMembers.equals(UnsafeRawBufferPointer(rebasing: stream[0..<8]), "contact/"),
              stream[44] == UInt8(ascii: "/"), stream[45] == UInt8(ascii: "+"), stream[46] == UInt8(ascii: "1")
        else { return nil }
        let storeBytes = UnsafeRawBufferPointer(rebasing: stream[8..<44])
        guard let store = StoreKey(storeBytes) else { return nil }
        var number: UInt64 = 0
        for index in 47..<57 {
            let digit = stream[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            number = number * 10 + UInt64(digit)
        }
        self.store = store
        self.storeBytes = storeBytes
        self.nationalNumber = number
    }
}
