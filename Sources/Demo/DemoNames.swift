/// Names and words for the demo people, with a share of accented names so the intake's
/// charsets and RFC 2047 subjects get exercised (Peña, Zoë Brontë). Thread-safe (constants).
enum DemoNames {
    static let first = [
        "Dana", "Jordan", "Marisol", "Zoë", "Sam", "Alex", "Taylor", "Morgan", "Jamie", "Chris", "Priya", "Devon", "Aisha",
        "Mateo", "José", "Chloé", "Renée", "Noah", "Olivia", "Liam", "Emma", "Ava", "Ethan", "Sofia", "Lucas", "Mia",
        "Isabella", "Mason", "Harper", "Elijah", "Amelia", "Logan", "Camila", "Daniel", "Luna", "Henry", "Ella", "Jackson",
        "Nora", "Aiden", "Grace", "Wei", "Hana", "Kofi", "Ngozi", "Siobhán", "Björn", "François", "Inés", "Raúl",
    ]
    static let last = [
        "Whitfield", "Alvarez", "Peña", "Brontë", "Lee", "Nguyen", "Smith", "Johnson", "Williams", "Brown", "Jones",
        "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
        "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
        "Young", "Allen", "King", "Wright", "Scott", "Torres", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker",
        "Núñez", "Müller", "O'Brien", "Okafor", "Kowalski", "Chen",
    ]
    static let emailDomains = ["example.com", "mail.example.org", "example.net", "inbox.example.com"]

    static let leadTypes = [("Web Lead", 60), ("Online Intro", 25), ("Free Class", 10), ("Referral", 5)]
    static let objections = ["price", "schedule", "location", "commitment", "injury", "spouse approval"]
    static let goals = [
        ("lose weight before summer", "Said so on the call."), ("train for a half marathon", "Mentioned a race in the fall."),
        ("get stronger after an injury", "Physical therapist recommended group training."),
        ("find a morning routine", "Works late shifts and wants 6am classes."), ("meet people", "New to the area."),
    ]
    static let inboundTexts = [
        "Hi! Is the 6am class on Thursday still open?", "What does a membership cost?", "Can you call me after 5?",
        "Do you have childcare during the 9am class?", "Is there parking near the studio?", "Thanks, see you tomorrow",
        "Running 5 min late, sorry!", "Do I need to bring anything to my first class?", "Can I bring a friend?",
        "What time do you close on Saturdays?",
    ]
    static let complaintTexts = [
        "I was charged twice this month, please fix this", "The coach was rude to me at the 7pm class",
        "Nobody called me back about my cancelled class credit",
    ]
    static let stopTexts = ["STOP", "Stop", "stop", " STOP ", "Stop.", "UNSUBSCRIBE", "STOPALL", "opt out", "Quit"]
    static let startTexts = ["START", "Start", "UNSTOP"]
    static let callerLabels = ["WIRELESS CALLER", "LOS ANGELES CA", "CELL PHONE", nil]
}
