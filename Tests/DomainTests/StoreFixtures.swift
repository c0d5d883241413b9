/// Verbatim copies of shared/fixtures/stores/*.json (DomainTests bundles no resources).
enum StoreFixtures {
    static let mossBeach = """
        {
          "storeId": "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c",
          "name": "Orangetheory Fitness Moss Beach",
          "franchiseId": "orangeTheory",
          "accountId": "193365026",
          "trackingIds": ["ot0423"],
          "leadSenders": ["leads@booking.example.com"],
          "phoneNumbers": ["+16505550142"],
          "timeZone": "America/Los_Angeles",
          "quietHours": {"start": "21:00", "end": "08:00"},
          "ruleSets": ["federal"]
        }
        """

    static let tampa = """
        {
          "storeId": "c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51",
          "name": "Orangetheory Fitness Tampa Westshore",
          "franchiseId": "orangeTheory",
          "accountId": "204471833",
          "trackingIds": ["ot1187"],
          "leadSenders": ["leads@booking.example.com"],
          "phoneNumbers": ["+18135550177", "+18135550178"],
          "timeZone": "America/New_York",
          "quietHours": {"start": "20:00", "end": "08:00"},
          "ruleSets": ["federal", "florida"]
        }
        """
}
