import Domain
import Testing

/// `Streams.isContact` answers what comparing `Streams.contactParts` with a store and phone
/// answers, for contact streams and for every other kind of name.
@Suite struct StreamsTests {
    static let storeId = try! StoreID("00000000-0000-4000-8000-000000000001")
    static let phone = PhoneNumber("+14155550123")!

    @Test func aContactStreamIsTheContactOfItsOwnStoreAndPhoneOnly() {
        let stream = Streams.contact(store: Self.storeId, phone: Self.phone)
        #expect(Streams.isContact(stream, storeId: Self.storeId.rawValue, phone: "+14155550123"))
        #expect(!Streams.isContact(stream, storeId: Self.storeId.rawValue, phone: "+14155550124"))
        #expect(!Streams.isContact(stream, storeId: "00000000-0000-4000-8000-000000000002", phone: "+14155550123"))
        #expect(!Streams.isContact(stream, storeId: Self.storeId.rawValue, phone: "+1415555012"))
        #expect(!Streams.isContact(stream, storeId: "", phone: "+14155550123"))
    }

    @Test func agreesWithContactPartsOnEveryShapeOfName() {
        let storeId = Self.storeId.rawValue
        let names = [
            "contact/\(storeId)/+14155550123", "contact/\(storeId)/+14155550123/", "contact/\(storeId)+14155550123",
            "contacts/\(storeId)/+14155550123", "contact//\(storeId)/+14155550123", "lead/\(storeId)/+14155550123",
            "contact/\(storeId)/", "contact/", "", "task/x", "contact/\(storeId)/+14155550123x",
            "Contact/\(storeId)/+14155550123", "contact/\(storeId)/+1415555012é",
        ]
        let candidates = [(storeId, "+14155550123"), (storeId, ""), ("", "+14155550123"), (storeId, "+1415555012é")]
        for name in names {
            for (store, phone) in candidates {
                let split = Streams.contactParts(name).map { $0 == (store, phone) } ?? false
                #expect(Streams.isContact(name, storeId: store, phone: phone) == split, "\(name) vs \(store) \(phone)")
            }
        }
    }
}
