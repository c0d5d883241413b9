/// Request bodies shaped like shared/fixtures (INTAKE.md), inline so each test reads whole.
enum Fixtures {
    static let storeA = "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"  // Moss Beach, orangeTheory, account 193365026
    static let storeB = "c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51"  // Tampa, orangeTheory, account 204471833
    static let unknownStore = "00000000-0000-4000-8000-000000000001"
    static let dana = "+14155550123"
    static let danaEncoded = "%2B14155550123"
    static let marisol = "+14155550164"

    static let storeAJSON = """
        {"storeId": "\(storeA)", "name": "Orangetheory Fitness Moss Beach", "franchiseId": "orangeTheory",
         "accountId": "193365026", "trackingIds": ["ot0423"], "leadSenders": ["leads@booking.example.com"],
         "phoneNumbers": ["+16505550142"], "timeZone": "America/Los_Angeles",
         "quietHours": {"start": "21:00", "end": "08:00"}, "ruleSets": ["federal"]}
        """

    static let storeBJSON = """
        {"storeId": "\(storeB)", "name": "Orangetheory Fitness Tampa Westshore", "franchiseId": "orangeTheory",
         "accountId": "204471833", "trackingIds": ["ot1187"], "leadSenders": ["leads@booking.example.com"],
         "phoneNumbers": ["+18135550177", "+18135550178"], "timeZone": "America/New_York",
         "quietHours": {"start": "20:00", "end": "08:00"}, "ruleSets": ["federal", "florida"]}
        """

    /// An inbound SMS notification (envelope form) to Moss Beach; `id` varies per message.
    static func smsEnvelope(
        id: String = "1730458812016", account: String = "193365026", from: String = dana, storePhone: String = "+16505550142"
    ) -> String {
        """
        {"uuid": "3f2b9c1a-5d4e-4f60-9b7a-1c2d3e4f5a60",
         "event": "/restapi/v1.0/account/~/extension/62841937004/message-store/instant?type=SMS",
         "subscriptionId": "a81c5e2f-0b9d-4e7a-8c31-6f2e1d0c9b8a", "ownerId": "62841937004",
         "timestamp": "2026-03-02T17:01:03.412Z", "_client_id": "orangeTheory-\(account)", "_account_id": "\(account)",
         "body": {"id": "\(id)", "to": [{"phoneNumber": "\(storePhone)", "target": true}],
                  "from": {"phoneNumber": "\(from)", "name": "Dana Whitfield"}, "type": "SMS",
                  "creationTime": "2026-03-02T17:01:00.000Z", "lastModifiedTime": "2026-03-02T17:01:00.000Z",
                  "readStatus": "Unread", "direction": "Inbound", "subject": "Is the 6am class open?",
                  "messageStatus": "Received", "conversationId": "7876416245344257449"}}
        """
    }

    /// The WebSocket form: `[{"type":"ServerNotification",…}, envelope]`.
    static func smsWebSocket(id: String) -> String {
        #"[{"type": "ServerNotification", "messageType": "ServerNotification"}, "# + smsEnvelope(id: id) + "]"
    }

    static func call(id: String = "Q8d1Lm3vTr7wZB", from: String = "14155550164") -> String {
        """
        {"_account_id": "193365026", "id": "\(id)", "sessionId": "41927730004", "startTime": "2026-03-04T19:40:05.000Z",
         "duration": 95, "type": "Voice", "direction": "Inbound", "action": "Phone Call", "result": "Accepted",
         "to": {"phoneNumber": "+16505550142", "name": "OTF Moss Beach"},
         "from": {"phoneNumber": "\(from)", "name": "SAN FRANCISCO CA", "location": "San Francisco, CA"}}
        """
    }

    static func callAnalysis(callId: String = "Q8d1Lm3vTr7wZB") -> String {
        """
        {"analysisId": "pca-\(callId)", "callId": "\(callId)", "storeId": "\(storeA)", "callState": "human_conversation",
         "firstName": "Marisol", "summary": "Asked about the intro class.", "analyzedAt": "2026-03-04T19:45:00.000Z"}
        """
    }

    static let contactAnalysis = """
        {"analysisId": "ca-2026-03-02-0001", "storeId": "\(storeA)", "phone": "\(dana)",
         "analyzedAt": "2026-03-02T17:15:00.000Z", "lifecycleStage": "lead", "leadStatus": "connected",
         "purchaseIntent": "high", "actionNeeded": true, "actionNeededReason": "Booking not yet confirmed."}
        """

    static let email = """
        Delivered-To: lead-tracking+ot0423@leads.example.net\r
        Received: from mx.booking.example.com by mail.example.net; Mon, 02 Mar 2026 08:58:00 -0800\r
        From: Booking System <leads@booking.example.com>\r
        To: lead-tracking+ot0423@leads.example.net\r
        Subject: New Web Lead: Dana Whitfield\r
        Date: Mon, 02 Mar 2026 08:58:00 -0800\r
        Message-ID: <web-lead-0001@booking.example.com>\r
        Content-Type: text/plain; charset="utf-8"\r
        MIME-Version: 1.0\r
        \r
        You have a new lead!\r
        \r
        Lead Type: Web Lead\r
        First Name: Dana\r
        Last Name: Whitfield\r
        Phone: (415) 555-0123\r
        Email: dana.whitfield@example.com\r

        """

    /// A `tag.defined` envelope for store A (JSON Lines input of /v1/ingest/events).
    static func tagDefined(_ tagId: String = "vip") -> String {
        #"{"type":"tag.defined","schemaVersion":1,"actor":{"type":"staff","id":"owner-1"},"storeId":"\#(storeA)","# +
            #""occurredAt":"2026-03-01T00:00:00Z","idempotencyKey":"tag.defined:\#(storeA):define-\#(tagId)","# +
            #""payload":{"tagId":"\#(tagId)","scope":{"storeId":"\#(storeA)"},"name":"VIP","kind":"manual"}}"#
    }
}
