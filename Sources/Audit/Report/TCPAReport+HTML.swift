/// The report as one self-contained HTML page for a compliance officer (TCPA.md "Output"):
/// what was audited, a summary table per rule, then the violations grouped by rule and store,
/// each with its evidence, and the revocations with the time each took. No scripts, no
/// external files: it can be mailed or archived as is.
extension TCPAReport {
    public func htmlText() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>TCPA audit — ContactLedger</title>
            <style>
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2329}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #d8dee4;padding-bottom:.2rem}
            h3{margin:1.4rem 0 .4rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
            th,td{border:1px solid #d8dee4;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f5f7}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#1a7f37}.bad{color:#b42318;font-weight:600}
            .muted{color:#59636e}.tag{display:inline-block;background:#fff4e5;border:1px solid #f5c26b;border-radius:3px;padding:0 .3rem;font-size:.85em}
            code{font-size:.92em}ul.ev{margin:0;padding-left:1.1rem}
            </style></head><body>
            <h1>TCPA audit report</h1>
            <p class="muted">Generated \(h(generatedAt)) from the event log. A compliance aid, not legal advice.</p>

            """
        html += scope()
        html += summary()
        html += violationSections()
        html += revocationSection()
        html += "</body></html>\n"
        return html
    }

    private func scope() -> String {
        var rows: [(String, String)] = [
            ("Log range", "positions \(range.firstPosition)–\(range.lastPosition) (\(range.eventsReplayed) events)"),
        ]
        if let checksum = range.lastBatchChecksum {
            rows.append(("Last batch checksum", "CRC-32 <code>\(checksum.crc32)</code> (positions \(checksum.batchFirstPosition)–\(checksum.batchLastPosition), segment \(checksum.segmentFirstPosition)\(checksum.segmentSealed ? ", sealed" : ", active"))"))
        }
        rows.append(("Stores", filters.storeId.map { h($0) } ?? "all"))
        rows.append(("Time range", "\(h(filters.from ?? "beginning")) to \(h(filters.to ?? "end")) (event time)"))
        rows.append(("Rule sets", h(requestedRuleSets?.joined(separator: ", ") ?? "each store's configured sets")))
        rows.append(("Calling windows", "federal \(h(parameters.federalWindow)), state \(h(parameters.stateWindow)), local time of the called party"))
        rows.append(("Opt-outs", "confirmation within \(parameters.confirmationWindowSeconds) s; honoured within \(parameters.honorBusinessDaysMax) business days; kept \(parameters.retainYears) years"))
        rows.append(("Time-zone table", h(zoneTable.source) + " (\(zoneTable.prefixes) prefixes)"))
        var text = "<h2>Scope</h2><table>"
        for (name, value) in rows { text += "<tr><th>\(name)</th><td>\(value)</td></tr>" }
        text += "</table>\n"
        if !stores.isEmpty {
            text += "<table><tr><th>Store</th><th>Id</th><th>Time zone</th><th>Rule sets</th></tr>"
            for store in stores {
                text += "<tr><td>\(h(store.name ?? "(not registered)"))</td><td><code>\(h(store.storeId))</code></td><td>\(h(store.timeZone ?? "UTC (assumed)"))</td><td>\(h(store.ruleSets.joined(separator: ", ")))</td></tr>"
            }
            text += "</table>\n"
        }
        return text
    }

    private func summary() -> String {
        var text = "<h2>Summary</h2><table>"
        text += "<tr><th>Contacts audited</th><td class=n>\(counts.contactsAudited)</td><th>Outbound calls</th><td class=n>\(counts.outboundCalls)</td></tr>"
        text += "<tr><th>Outbound SMS</th><td class=n>\(counts.outboundSMS)</td><th>Opt-outs / revocations</th><td class=n>\(counts.optOuts) / \(counts.revocations)</td></tr>"
        text += "</table><table><tr><th>Rule</th><th>Set</th><th>What it checks</th><th>Basis</th><th>Violations</th></tr>"
        for rule in rules {
            let n = counts.violationsByRule[rule.id] ?? 0
            text += "<tr><td><code>\(h(rule.id))</code></td><td>\(h(rule.ruleSet))</td><td>\(h(rule.summary))</td><td>\(h(rule.basis))</td>"
            text += "<td class=\"n \(n == 0 ? "ok" : "bad")\">\(n)</td></tr>"
        }
        return text + "</table>\n"
    }

    private func violationSections() -> String {
        guard !violations.isEmpty else { return "<h2>Violations</h2><p class=ok>None.</p>\n" }
        var text = "<h2>Violations</h2>\n"
        let order = rules.map(\.id)
        let byRule = Dictionary(grouping: violations, by: \.rule)
        for rule in order + byRule.keys.filter({ !order.contains($0) }).sorted() {
            guard let list = byRule[rule] else { continue }
            text += "<h3><code>\(h(rule))</code> — \(list.count)</h3>\n"
            let byStore = Dictionary(grouping: list, by: \.storeId)
            for storeId in byStore.keys.sorted() {
                let name = stores.first { $0.storeId == storeId }?.name ?? storeId
                text += "<p><strong>\(h(name.isEmpty ? "(log)" : name))</strong></p><table><tr><th>Position</th><th>Phone</th><th>Event</th><th>Occurred (UTC)</th><th>Local time</th><th>Actor</th><th>Evidence</th><th>Detail</th></tr>\n"
                for v in byStore[storeId]! {
                    let local = v.localTimes.map { "\(h($0.time)) <span class=muted>\(h($0.zone))</span>" }.joined(separator: "<br>")
                    let evidence = v.evidence.map { "<li>\(h($0.role)): #\($0.position) <code>\(h($0.eventType))</code> \(h($0.occurredAt))\($0.actor.map { " by " + h($0) } ?? "")</li>" }.joined()
                    text += "<tr><td class=n>\(v.position)</td><td>\(h(v.phone))</td><td><code>\(h(v.eventType))</code></td><td>\(h(v.occurredAt))</td>"
                    text += "<td>\(local)\(v.timeZoneUncertain ? " <span class=tag>zone uncertain</span>" : "")</td><td>\(h(v.actor ?? ""))</td>"
                    text += "<td>\(evidence.isEmpty ? "" : "<ul class=ev>\(evidence)</ul>")</td><td>\(h(v.detail))</td></tr>\n"
                }
                text += "</table>\n"
            }
        }
        return text
    }

    private func revocationSection() -> String {
        guard !revocations.isEmpty else { return "" }
        var text = "<h2>Revocations</h2><p class=muted>Each opt-out or revocation and how long it took until Do-Not-Contact was in force (recorded).</p>"
        text += "<table><tr><th>Position</th><th>Phone</th><th>How</th><th>Received</th><th>Honoured</th><th>Took</th><th>Business days</th><th>Outcome</th></tr>\n"
        for r in revocations {
            let how = r.keyword.map { "\(h(r.eventType)) “\(h($0))”" } ?? h(r.eventType) + (r.actor.map { " by " + h($0) } ?? "")
            let took = r.seconds.map { ContactEvaluator.duration($0) } ?? ""
            let good = r.outcome == "honoured" || r.outcome == "withdrawn" || r.outcome == "pending"
            text += "<tr><td class=n>\(r.position)</td><td>\(h(r.phone))</td><td>\(how)</td><td>\(h(r.receivedAt))</td><td>\(h(r.honouredAt ?? "—"))</td>"
            text += "<td class=n>\(took)</td><td class=n>\(r.businessDays)</td><td class=\"\(good ? "ok" : "bad")\">\(h(r.outcome))</td></tr>\n"
        }
        return text + "</table>\n"
    }

    /// HTML-escapes text.
    private func h(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
