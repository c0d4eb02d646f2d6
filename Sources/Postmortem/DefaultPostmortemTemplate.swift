/// The built-in postmortem template: a copy of `templates/postmortem.md` (a test keeps them equal),
/// used when no template file is configured and `<templates>/postmortem.md` does not exist.
enum DefaultPostmortemTemplate {
    static let text = """
    {{!
      Aftermath's postmortem template (Mustache). Replace it per team with `postmortem.template` in
      aftermath.yaml, or edit this file. Aftermath writes the YAML front matter itself; this template
      is the body. Every value is already escaped for Markdown (one line, `|` and `<` escaped), so use
      double braces. Text between `aftermath:begin NAME` and `aftermath:end NAME` markers is refreshed
      on every regeneration; everything else is written once and then belongs to people.
      Values: title, id, incidentStatus, severity, services, source, link, started, detected,
      acknowledged, resolved, duration, alertCount, alertNames, firstSymptom, firstSymptomSource,
      timeToDetect, timeToAcknowledge, timeToResolve, alertsResolved, timeline (time, event, evidence),
      hasEvidence, evidenceCount, captureCount, evidence (cite, kind, name, host, status, window),
      responders, detectionLead, hasLogIndicators, logIndicators (rank, template, sources, firstSeen, lines,
      cite), hasMetricIndicators, metricIndicators (series, query, at, how, cite), hasRelated, relatedIntro,
      related (line, details).
      Comments starting with `prompt:` mark a section `aftermath postmortem check` considers empty
      until someone writes in it.
    }}
    # {{title}}

    <!-- aftermath:begin header -->
    | Fact | Value |
    | --- | --- |
    | Incident | {{id}} |
    | Incident status | {{incidentStatus}} |
    | Severity | {{severity}} |
    | Services | {{services}} |
    | Source | {{source}} |
    | Link | {{link}} |
    | Started (first symptom) | {{started}} |
    | Detected (alert) | {{detected}} |
    | Acknowledged | {{acknowledged}} |
    | Resolved | {{resolved}} |
    | Duration | {{duration}} |
    | Alerts | {{alertCount}}: {{alertNames}} |
    | Responders | {{responders}} |
    <!-- aftermath:end header -->

    ## Summary

    <!-- prompt: What happened, in two or three sentences: the impact, the cause as far as it is known, and what fixed it. -->

    ## Impact

    <!-- prompt: Who and what was affected, and how badly: users, requests, data, money, other teams. The figures below are Aftermath's. -->

    <!-- aftermath:begin impact -->
    | Measure | Value |
    | --- | --- |
    | First symptom | {{firstSymptom}}: {{firstSymptomSource}} |
    | Time to detect (first symptom → alert) | {{timeToDetect}} |
    | Time to acknowledge (alert → acknowledged) | {{timeToAcknowledge}} |
    | Time to resolve (alert → resolved) | {{timeToResolve}} |
    | Duration (first symptom → resolved) | {{duration}} |
    | Services | {{services}} |
    | Alerts | {{alertCount}} ({{alertsResolved}} resolved) |
    <!-- aftermath:end impact -->

    ## Timeline

    <!-- All times UTC. Rows between the markers are regenerated from the archive; add your own rows below the end marker. -->

    <!-- aftermath:begin timeline -->
    | Time (UTC) | Event | Evidence |
    | --- | --- | --- |
    {{#timeline}}
    | {{time}} | {{event}} | {{evidence}} |
    {{/timeline}}
    <!-- aftermath:end timeline -->

    ## Detection

    <!-- aftermath:begin detection -->
    {{detectionLead}}
    {{#hasLogIndicators}}

    Candidate indicators for future alerting: error messages with numbers, ids, hex and quoted values masked, ranked by how early and how often they appeared.

    | # | Message | Source | First seen (UTC) | Lines | Evidence |
    | --- | --- | --- | --- | --- | --- |
    {{#logIndicators}}
    | {{rank}} | {{template}} | {{sources}} | {{firstSeen}} | {{lines}} | {{cite}} |
    {{/logIndicators}}
    {{/hasLogIndicators}}
    {{#hasMetricIndicators}}

    Captured metric series that crossed before the alert's own expression:

    | Series | Query | Crossed (UTC) | How | Evidence |
    | --- | --- | --- | --- | --- |
    {{#metricIndicators}}
    | {{series}} | {{query}} | {{at}} | {{how}} | {{cite}} |
    {{/metricIndicators}}
    {{/hasMetricIndicators}}
    <!-- aftermath:end detection -->

    <!-- prompt: How did we find out? Did the alert fire when it should have? What would have told us sooner? -->

    ## Seen before

    <!-- aftermath:begin related -->
    {{relatedIntro}}
    {{#hasRelated}}

    {{#related}}
    - {{line}}
    {{#details}}
      - {{.}}
    {{/details}}
    {{/related}}
    {{/hasRelated}}
    <!-- aftermath:end related -->

    ## Response and recovery

    <!-- prompt: What did responders do, in what order, and what finally fixed it? What slowed us down? -->

    ## Contributing factors

    <!-- prompt: The conditions that let this happen, technical and organisational. Blameless: systems and decisions, not people. -->

    ## Lessons learned

    ### What went well

    <!-- prompt: What worked: alerts, tools, runbooks, people who knew where to look. -->

    ### What went wrong

    <!-- prompt: What made this worse or longer than it had to be. -->

    ### Where we got lucky

    <!-- prompt: What went right by chance, and would not next time. -->

    ## Action items

    <!-- prompt: One task per action, `- [ ]` while open and `- [x]` once done, each with an owner, a priority (P1-P3), a due date and a tracker link. Replace the [[...]] placeholders. Insights count open and done items. -->

    - [ ] [[action]] · [[owner]] · [[priority]] · [[YYYY-MM-DD]] · [[tracker link]]

    ## Supporting evidence

    <!-- aftermath:begin evidence -->
    {{#hasEvidence}}
    {{evidenceCount}} item(s) from {{captureCount}} capture(s), cited by id; the site links each to its page.

    | Evidence | Kind | Name | Host | Status | Window (UTC) |
    | --- | --- | --- | --- | --- | --- |
    {{#evidence}}
    | {{cite}} | {{kind}} | {{name}} | {{host}} | {{status}} | {{window}} |
    {{/evidence}}
    {{/hasEvidence}}
    {{^hasEvidence}}
    No evidence has been captured for this incident.
    {{/hasEvidence}}
    <!-- aftermath:end evidence -->

    ## Open questions

    <!-- prompt: What do we still not know, and who will find out? -->

    ## Communications

    <!-- prompt: Who was told what, and when: status page updates, customer messages, internal announcements. -->

    """
}
