"""The catalogue of every user-facing text, Danish first and English second."""

from __future__ import annotations

from typing import Literal

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

# key: (Danish, English). Placeholders use str.format names.
CATALOGUE: dict[str, tuple[str, str]] = {
    # The request modal
    "modal.title": ("Bed om sparring", "Ask for sparring"),
    "modal.submit": ("Send", "Send"),
    "modal.close": ("Annuller", "Cancel"),
    "modal.loading_title": ("Sparring", "Sparring"),
    "modal.loading": ("Et øjeblik …", "One moment …"),
    "modal.intro": (
        "Beskriv sagen kort ud fra ICS-trekanten. Ingen navne, CPR-numre eller adresser — "
        'skriv fx "dreng, 9 år", "mor", "plejefamilien".',
        "Describe the case briefly using the ICS triangle. No names, CPR numbers or addresses "
        '— write e.g. "boy, 9", "mother", "foster family".',
    ),
    "modal.no_team": (
        "Du er ikke med i et team endnu. Du kan stadig spørge en bestemt kollega.",
        "You are not in a team yet. You can still ask a specific colleague.",
    ),
    "field.team": ("Team", "Team"),
    "field.kind": ("Hvad vil du bede om?", "What are you asking for?"),
    "kind.case": ("Sparring på en sag (ICS-trekanten)", "Sparring on a case (ICS triangle)"),
    "kind.quick": (
        "Et hurtigt spørgsmål uden sagsbeskrivelse",
        "A quick question without a case description",
    ),
    "field.child": ("Barnets udvikling", "The child's development"),
    "hint.child": (
        "Sundhedsforhold · Udvikling og adfærd · Dagtilbud, skoleforhold og læring · "
        "Fritidsforhold og venskaber. Skriv både styrker og bekymringer. Højst {limit} tegn.",
        "Health · Development and behaviour · Day care, school and learning · Leisure and "
        "friendships. Write strengths as well as concerns. At most {limit} characters.",
    ),
    "field.parenting": ("Forældrekompetencer", "Parenting capacity"),
    "hint.parenting": (
        "Trygt omsorgsmiljø · Stimulering og vejledning · Understøttelse af relationer. "
        "Skriv både styrker og bekymringer. Højst {limit} tegn.",
        "Safe care environment · Stimulation and guidance · Supporting relationships. "
        "Write strengths as well as concerns. At most {limit} characters.",
    ),
    "field.family": ("Familie og netværk", "Family and network"),
    "hint.family": (
        "Familieforhold og baggrund · Bolig, beskæftigelse og økonomi · Socialt netværk. "
        "Skriv både styrker og bekymringer. Højst {limit} tegn.",
        "Family circumstances and background · Housing, employment and finances · Social "
        "network. Write strengths as well as concerns. At most {limit} characters.",
    ),
    "field.question": ("Hvad vil du gerne have sparring på?", "What do you want sparring on?"),
    "hint.question": (
        "Kort og præcist — helst ét spørgsmål. Højst {limit} tegn.",
        "Brief and precise — ideally one question. At most {limit} characters.",
    ),
    "field.help_kind": ("Hvordan vil du gerne have sparring?", "How would you like sparring?"),
    "help_kind.experience": ("Erfaring fra en lignende sag", "Experience from a similar case"),
    "help_kind.knowledge": ("Særlig viden om problemstillingen", "Special knowledge of the issue"),
    "help_kind.idea": (
        "En idé til, hvordan jeg kommer videre",
        "An idea for how to move on",
    ),
    "help_kind.other": ("Andet", "Other"),
    "field.form": ("Form", "Form"),
    "form.written": ("Skriftligt svar her", "Written answer here"),
    "form.talk": ("Kort snak (ca. 15 min)", "Short talk (about 15 min)"),
    "form.meeting": ("Tag den på næste teammøde", "Bring it to the next team meeting"),
    "field.feedback": ("Hvordan må der gives feedback?", "How may feedback be given?"),
    "feedback.answer_only": (
        "Svar kun på mit konkrete spørgsmål",
        "Only answer my concrete question",
    ),
    "feedback.recognition": ("Svar og anerkendelse", "Answer and recognition"),
    "feedback.assess": (
        "Du må også vurdere mit arbejde i sagen",
        "You may also assess my work on the case",
    ),
    "field.deadline": ("Hvornår har du brug for svar?", "When do you need an answer?"),
    "field.route": ("Send til", "Send to"),
    "route.buddy": ("Min makker", "My buddy"),
    "route.expert": ("Ekspert i emnet", "Topic expert"),
    "route.colleague": ("En bestemt kollega", "A specific colleague"),
    "route.team": ("Hele teamet", "The whole team"),
    "field.colleague": ("Kollega", "Colleague"),
    "field.topic": ("Emne", "Topic"),
    "hint.topic": (
        "Vælg emnet, når du sender til en ekspert. Ved hele teamet vises emnet i kanalen.",
        "Choose the topic when you send to an expert. For the whole team it shows in the channel.",
    ),
    # Inline validation errors
    "error.question_missing": (
        "Skriv, hvad du gerne vil have sparring på.",
        "Write what you want sparring on.",
    ),
    "error.ics_missing": (
        'Beskriv mindst én side af ICS-trekanten — eller vælg "Et hurtigt spørgsmål".',
        'Describe at least one side of the ICS triangle — or choose "A quick question".',
    ),
    "error.too_long": (
        "Højst {limit} tegn — du har skrevet {length}.",
        "At most {limit} characters — you wrote {length}.",
    ),
    "error.cpr": (
        'Det ligner et CPR-nummer. Fjern det, og skriv fx "dreng, 9 år" i stedet.',
        'This looks like a CPR number. Remove it and write e.g. "boy, 9" instead.',
    ),
    "error.choice_missing": ("Vælg en af mulighederne.", "Choose one of the options."),
    "error.team_missing": ("Vælg det team, anmodningen hører til.", "Choose the team."),
    "error.colleague_missing": (
        "Vælg den kollega, du vil spørge.",
        "Choose the colleague you want to ask.",
    ),
    "error.self": (
        "Du kan ikke bede dig selv om sparring — vælg en kollega.",
        "You cannot ask yourself — choose a colleague.",
    ),
    "error.to_requester": (
        "Det er den, der har bedt om sparring — vælg en anden kollega.",
        "That is the person who asked for sparring — choose another colleague.",
    ),
    "error.answer_missing": ("Skriv dit svar.", "Write your answer."),
    "error.bot": ("Det er en bot — vælg en kollega.", "That is a bot — choose a colleague."),
    "error.deactivated": (
        "Den bruger er deaktiveret — vælg en anden kollega.",
        "That user is deactivated — choose another colleague.",
    ),
    "error.user_unknown": (
        "Jeg kan ikke finde den bruger — vælg en anden kollega.",
        "I cannot find that user — choose another colleague.",
    ),
    "error.date_past": (
        "Vælg en dato fra i dag og frem.",
        "Choose a date from today onwards.",
    ),
    "error.no_buddy": (
        "Du har ingen makker i denne periode. Vælg en bestemt kollega.",
        "You have no buddy this period. Choose a specific colleague.",
    ),
    "error.no_team": (
        "Du er ikke med i et team endnu. Vælg en bestemt kollega.",
        "You are not in a team yet. Choose a specific colleague.",
    ),
    "error.topic_missing": (
        "Vælg det emne, du vil spørge en ekspert om.",
        "Choose the topic you want to ask an expert about.",
    ),
    "error.no_expert": (
        "Ingen i teamet dækker {topic} lige nu. Vælg min makker, en bestemt kollega eller "
        "hele teamet.",
        "Nobody in the team covers {topic} right now. Choose my buddy, a specific colleague or "
        "the whole team.",
    ),
    "error.route_unavailable": (
        "Den mulighed kommer snart. Vælg en anden.",
        "That option is coming soon. Choose another.",
    ),
    # The request message in the group conversation
    "msg.request.header": ("Anmodning om sparring", "Sparring request"),
    "msg.request.intro": (
        "<@{requester}> beder {recipients} om sparring.",
        "<@{requester}> asks {recipients} for sparring.",
    ),
    "msg.request.quick": ("Et hurtigt spørgsmål", "A quick question"),
    "msg.request.question": ("Spørgsmål", "Question"),
    "msg.request.wants": ("Ønsker", "Wants"),
    "msg.request.form": ("Form", "Form"),
    "msg.request.feedback": ("Feedback", "Feedback"),
    "msg.request.deadline": ("Svar senest", "Answer by"),
    "msg.request.no_deadline": ("Ingen frist", "No deadline"),
    "msg.request.reply_here": (
        "Svar i tråden under denne besked. Det, der siges her, bliver mellem jer.",
        "Reply in the thread under this message. What is said here stays between you.",
    ),
    "msg.request.fallback": (
        "Anmodning om sparring fra <@{requester}>",
        "Sparring request from <@{requester}>",
    ),
    "status.open": (
        ":hourglass_flowing_sand: Åben — venter på svar",
        ":hourglass_flowing_sand: Open — waiting for an answer",
    ),
    "status.answered": (
        ":speech_balloon: Besvaret af <@{author}>",
        ":speech_balloon: Answered by <@{author}>",
    ),
    "status.resolved": (":white_check_mark: Lukket", ":white_check_mark: Closed"),
    "status.accepted": (":handshake: Taget af <@{helper}>", ":handshake: Taken by <@{helper}>"),
    "status.withdrawn": (
        ":leftwards_arrow_with_hook: Trukket tilbage",
        ":leftwards_arrow_with_hook: Withdrawn",
    ),
    "status.expired": (
        ":zzz: Udløbet — ingen aktivitet i 30 dage",
        ":zzz: Expired — no activity for 30 days",
    ),
    "status.unassigned": (
        ":arrow_backward: Sendt tilbage til dig — vælg *Giv videre til …* eller *Træk tilbage*",
        ":arrow_backward: Sent back to you — choose *Hand to …* or *Withdraw*",
    ),
    "status.team_waiting": (
        ":busts_in_silhouette: Venter på, at en fra teamet tager den",
        ":busts_in_silhouette: Waiting for someone in the team to take it",
    ),
    "status.taken": (":handshake: <@{helper}> hjælper", ":handshake: <@{helper}> is helping"),
    "button.close": ("Luk", "Close"),
    "button.accept": ("Jeg tager den", "I'll take it"),
    "button.decline": ("Ikke mig — send videre", "Not me — pass it on"),
    # A buddy's or colleague's "not me" sends the request back to the person who asked.
    "button.decline_back": ("Ikke mig — send tilbage", "Not me — send it back"),
    "button.hand_over": ("Giv videre til …", "Hand to …"),
    "button.reply": ("Svar", "Reply"),
    "button.withdraw": ("Træk tilbage", "Withdraw"),
    "button.i_can_help": ("Jeg kan hjælpe", "I can help"),
    "msg.request.topic": ("Emne", "Topic"),
    "privacy.export_comment": (
        "Her er alt, Sparring har gemt om dig: som JSON og som tekst. Sagstekst er med, så "
        "længe den endnu ikke er slettet. Del ikke filerne.",
        "Here is everything Sparring stores about you: as JSON and as text. Case text is "
        "included while it is still retained. Do not share the files.",
    ),
    "privacy.export_sending": (
        "Jeg sender dig dine data som filer i en direkte besked med Sparring.",
        "I am sending you your data as files in a direct message from Sparring.",
    ),
    "privacy.export_failed": (
        "Dine data kunne ikke sendes lige nu (Slack svarede ikke). Prøv igen om lidt.",
        "Your data could not be sent just now (Slack did not answer). Try again shortly.",
    ),
    "identifiers.warning": (
        ":warning: Teksten ser ud til at indeholde {kinds}. Skriv sagen uden navne, "
        "telefonnumre, e-mails og adresser — eller sæt kryds nedenfor, hvis du har tjekket den.",
        ":warning: The text seems to hold {kinds}. Describe the case without names, phone "
        "numbers, e-mails and addresses — or tick the box below if you have checked it.",
    ),
    "identifiers.kind.name": ("et navn", "a name"),
    "identifiers.kind.phone": ("et telefonnummer", "a phone number"),
    "identifiers.kind.email": ("en e-mailadresse", "an e-mail address"),
    "identifiers.kind.address": ("en adresse", "an address"),
    "identifiers.confirm_label": (
        "Jeg har tjekket teksten — send alligevel",
        "I have checked the text — send anyway",
    ),
    "identifiers.confirm_needed": (
        "Sæt kryds i feltet ovenfor for at sende alligevel, eller ret teksten.",
        "Tick the box above to send anyway, or change the text.",
    ),
    "checkin.saved_not_shown": (
        "Dit svar er gemt, men Slack tog ikke imod opdateringen af beskeden. Tryk igen om "
        "lidt, så vises det.",
        "Your answer is saved, but Slack did not take the update of the message. Press again "
        "in a moment to show it.",
    ),
    "msg.saved_pending": (
        "Gemt — Slack opdateres om lidt.",
        "Saved — Slack will show it shortly.",
    ),
    "msg.moved": (
        "Anmodningen er gået videre. Sagens indhold er fjernet fra denne samtale.",
        "The request has moved on. The case content is removed from this conversation.",
    ),
    "msg.closed_compact": (
        "Anmodningen fra <@{requester}> er {status}. Sagens indhold er fjernet her.",
        "The request from <@{requester}> is {status}. The case content is removed here.",
    ),
    "closed.withdrawn": ("trukket tilbage", "withdrawn"),
    "closed.resolved": ("lukket", "closed"),
    "closed.expired": ("udløbet", "expired"),
    "msg.team_notice": (
        "*<@{requester}> søger sparring fra teamet*",
        "*<@{requester}> is looking for sparring from the team*",
    ),
    "msg.team_notice_fallback": (
        "<@{requester}> søger sparring fra teamet",
        "<@{requester}> is looking for sparring from the team",
    ),
    "msg.team_notice_hint": (
        "Den første, der trykker *Jeg kan hjælpe*, får hele anmodningen i en gruppebesked. Den, "
        "der spørger, kan give den til en bestemt kollega eller trække den tilbage.",
        "The first to press *I can help* gets the full request in a group message. The person "
        "asking can hand it to a specific colleague or withdraw it.",
    ),
    "remind.team_unclaimed": (
        "Ingen fra teamet har taget din anmodning endnu. Du kan give den til en bestemt kollega "
        "(*Giv videre til …* under beskeden i teamets kanal) eller trække den tilbage.",
        "Nobody in the team has taken your request yet. You can hand it to a specific colleague "
        "(*Hand to …* under the notice in the team channel) or withdraw it.",
    ),
    "msg.taken": (
        "<@{helper}> nåede at tage den først. Tak for tilbuddet!",
        "<@{helper}> took it first. Thanks for offering!",
    ),
    "msg.not_open": (
        "Anmodningen er allerede gået videre, så intet er ændret.",
        "The request has already moved on, so nothing was changed.",
    ),
    "msg.not_allowed": (
        "Den knap er til den, der har fået anmodningen. Intet er ændret.",
        "That button is for the person the request went to. Nothing was changed.",
    ),
    "msg.only_requester": (
        "Kun den, der bad om sparring, kan det. Intet er ændret.",
        "Only the person who asked for sparring can do that. Nothing was changed.",
    ),
    "msg.own_notice": (
        "Det er din egen anmodning — en kollega tager den.",
        "That is your own request — a colleague will take it.",
    ),
    "msg.already_holds": ("Den kollega har den allerede.", "That colleague has it already."),
    "msg.already_taken": (
        "<@{helper}> har allerede taget den, så intet er ændret.",
        "<@{helper}> has already taken it, so nothing was changed.",
    ),
    "msg.you_took_it": (
        "Du har allerede taget den. Skal en anden have den, så brug *Giv videre til …*.",
        "You have already taken it. If someone else should have it, use *Hand to …*.",
    ),
    "msg.not_in_team": (
        "Den knap er til kollegerne i teamet. Intet er ændret.",
        "That button is for the colleagues in the team. Nothing was changed.",
    ),
    "error.not_your_team": (
        "Du er ikke (længere) med i det team. Vælg et af dine teams, eller send til en kollega.",
        "You are not (or no longer) in that team. Choose one of your teams, or send to a "
        "colleague.",
    ),
    "msg.answer_fallback": ("Nyt svar fra <@{author}>", "New answer from <@{author}>"),
    "msg.thanks_fallback": ("<@{requester}> siger tak", "<@{requester}> says thank you"),
    "error.not_sent": (
        "Slack tog ikke imod det lige nu. Prøv igen om lidt — din tekst er her stadig.",
        "Slack did not take it just now. Try again in a moment — your text is still here.",
    ),
    "msg.answer": ("*Svar fra <@{author}>:*\n{text}", "*Answer from <@{author}>:*\n{text}"),
    "msg.thanks": (
        "*<@{requester}> siger tak til {helpers}:* {text}",
        "*<@{requester}> thanks {helpers}:* {text}",
    ),
    "reply.title": ("Svar", "Reply"),
    "field.answer": ("Dit svar", "Your answer"),
    "hint.answer": (
        "Svaret vises i tråden under anmodningen. Ingen navne, CPR-numre eller adresser.",
        "The answer shows in the thread under the request. No names, CPR numbers or addresses.",
    ),
    "close.title": ("Luk anmodningen", "Close the request"),
    "field.thanks": ("Tak eller anerkendelse (valgfrit)", "Thanks or recognition (optional)"),
    "hint.thanks": (
        "Sendes til den, der hjalp, i tråden.",
        "Sent to whoever helped, in the thread.",
    ),
    "handover.title": ("Giv videre", "Hand over"),
    "field.new_holder": ("Hvem skal have anmodningen?", "Who should get the request?"),
    "expert.title": ("Ekspertemner", "Expert topics"),
    "expert.intro": (
        "Vælg de emner, {who} kan hjælpe kolleger med. Anmodninger til en ekspert fordeles, så "
        "den med færrest åbne anmodninger får den næste.",
        "Choose the topics {who} can help colleagues with. Requests to an expert are spread so "
        "that whoever has the fewest open requests gets the next one.",
    ),
    "expert.you": ("du", "you"),
    "field.expert_topics": ("Emner", "Topics"),
    "expert.saved": (
        "Gemt. Ekspertemner for {who} i {team}: {topics}.",
        "Saved. Expert topics for {who} in {team}: {topics}.",
    ),
    "expert.saved_none": (
        "Gemt. Ingen ekspertemner for {who} i {team}.",
        "Saved. No expert topics for {who} in {team}.",
    ),
    "expert.you_object": ("dig", "you"),
    "experts.header": ("*Ekspertroller i {team}*", "*Expert roles in {team}*"),
    "experts.line": ("• *{topic}*: {people}", "• *{topic}*: {people}"),
    "experts.uncovered": ("*Ingen dækker:* {topics}", "*Nobody covers:* {topics}"),
    "experts.none_match": ("Intet emne matcher `{text}`.", "No topic matches `{text}`."),
    "experts.nobody": (
        "Ingen har registreret sig som ekspert endnu. `/sparring ekspert` registrerer dig.",
        "Nobody has registered as an expert yet. `/sparring expert` registers you.",
    ),
    "topics.title": ("Teamets emner", "The team's topics"),
    "topics.add": ("Tilføj et emne", "Add a topic"),
    "topics.pick": ("Omdøb emnet", "Rename the topic"),
    "topics.rename": ("Nyt navn", "New name"),
    "topics.retire": ("Fjern emnet (historikken bevares)", "Retire the topic (history is kept)"),
    "topics.saved": ("Teamets emneliste er opdateret.", "The team's topic list is updated."),
    "error.topic_taken": ("Det emne findes allerede.", "That topic exists already."),
    "error.rename_incomplete": (
        "Vælg emnet og skriv det nye navn.",
        "Choose the topic and write its new name.",
    ),
    "team.none_yet": (
        "Du er ikke med i et team endnu. Et team er en kanal: skriv `/sparring opsæt` i den.",
        "You are not in a team yet. A team is a channel: type `/sparring setup` in it.",
    ),
    "team.pick_channel": (
        "Skriv det i teamets kanal, så jeg ved, hvilket team du mener.",
        "Type it in the team's channel, so I know which team you mean.",
    ),
    "remind.nudge": (
        "<@{user}>, en kollega venter på sparring her. Tryk *Jeg tager den*, *Svar* eller "
        "*Ikke mig*.",
        "<@{user}>, a colleague is waiting for sparring here. Press *I'll take it*, *Reply* or "
        "*Not me*.",
    ),
    "remind.escalate": (
        "<@{requester}>, ingen har svaret endnu. Vil du give anmodningen videre til en anden "
        "(*Giv videre til …*) eller trække den tilbage?",
        "<@{requester}>, nobody has answered yet. Do you want to hand the request to someone "
        "else (*Hand to …*) or withdraw it?",
    ),
    "remind.moved_on": (
        "Der kom ikke svar, så anmodningen er sendt videre til den næste ekspert i emnet.",
        "No answer came, so the request has gone on to the next expert on the topic.",
    ),
    "remind.deadline": (
        "<@{requester}>, fristen for din anmodning ({date}) er passeret, og den er ikke "
        "besvaret endnu.",
        "<@{requester}>, the deadline of your request ({date}) has passed, and it is not "
        "answered yet.",
    ),
    "mine.sent": ("*Dine åbne anmodninger*", "*Your open requests*"),
    "mine.waiting": ("*Venter på dig*", "*Waiting for you*"),
    "button.retry": ("Prøv igen", "Try again"),
    "close.intro": (
        "Når du lukker anmodningen: husk at notere det, der har betydning for sagens afgørelse, "
        "i sagen (notatpligt) — indholdet her slettes efter teamets opbevaringsperiode.",
        "When you close the request: remember to record what matters for a decision in the "
        "case file (notatpligt) — the content here is deleted after the team's retention "
        "period.",
    ),
    "msg.closed_reminder": (
        "Anmodningen er lukket. Husk at notere det, der har betydning for sagens afgørelse, i "
        "sagen (notatpligt) — indholdet her slettes efter teamets opbevaringsperiode.",
        "The request is closed. Remember to record what matters for a decision in the case "
        "file (notatpligt) — the content here is deleted after the team's retention period.",
    ),
    "msg.already_closed": (
        "Anmodningen er ikke længere åben, så intet er ændret.",
        "The request is no longer open, so nothing was changed.",
    ),
    "msg.request_gone": (
        "Jeg kan ikke finde den anmodning længere.",
        "I cannot find that request any more.",
    ),
    "msg.delivery_failed": (
        "Din anmodning er gemt, men jeg kunne ikke sende den til {recipients} lige nu. "
        "Tryk på Prøv igen om lidt.",
        "Your request is saved, but I could not send it to {recipients} just now. "
        "Press Try again in a moment.",
    ),
    "msg.delivery_impossible": (
        "Din anmodning er gemt, men {recipients} kan ikke modtage beskeder fra mig (kontoen er "
        "lukket eller utilgængelig). Giv den til en anden kollega.",
        "Your request is saved, but {recipients} cannot receive messages from me (the account "
        "is closed or unavailable). Hand it to another colleague.",
    ),
    "msg.delivery_retried": (
        "Anmodningen er sendt til {recipients}.",
        "The request has been sent to {recipients}.",
    ),
    "msg.delivery_done": (
        "Anmodningen er allerede sendt.",
        "The request has already been sent.",
    ),
    "msg.delivery_busy": (
        "Jeg er ved at sende anmodningen. Prøv igen om et minut, hvis den ikke dukker op.",
        "I am sending the request. Try again in a minute if it does not show up.",
    ),
    # Commands
    "cmd.help": (
        "*Sparring* — kollegial sparring og feedback på sager\n"
        "• `/sparring` — bed en kollega om sparring på en sag (ICS-trekanten) eller stil et "
        "hurtigt spørgsmål\n"
        "• `/sparring mine` — dine åbne anmodninger og dem, der venter på dig\n"
        "• `/sparring makker` — se din makker og hvor længe I er makkere\n"
        "• `/sparring ekspert` — vælg de emner, du kan hjælpe med; "
        "`/sparring eksperter [emne]` — hvem dækker hvad\n"
        "• `/sparring pause [til 24.12]` — hold pause fra makkerpar; `/sparring genoptag` — "
        "kom tilbage\n"
        "• `/sparring opsæt` — gør kanalen til et team; teamlederen ændrer indstillinger "
        "(skriv det i teamets kanal)\n"
        "• Teamlederen: `/sparring emner` (teamets emner), `/sparring ekspert @navn`, "
        "`/sparring pause @navn [til dato]`, `/sparring udeluk @navn`, "
        "`/sparring inkluder @navn`\n"
        "• `/sparring ikke med @navn` — bliv aldrig sat sammen med en bestemt kollega (kun du "
        "ser det); `/sparring ikke med fjern @navn` — fortryd\n"
        "`/sparring inkluder @navn`, `/sparring leder @navn` (giv lederrollen videre), "
        "`/sparring statistik` (teamets tal, uden sagsindhold)\n"
        "• `/sparring spilleregler` — teamets spilleregler; `/sparring spilleregler foreslå` — "
        "foreslå en ændring; `/sparring spilleregler historik` — vedtagne versioner\n"
        "• `/sparring teammøde` — næste teammøde og dets kø (lederen sætter mødet op)\n"
        "• `/sparring mine data` — få alt, hvad Sparring har gemt om dig, som filer\n"
        "• `/sparring hjælp` — vis denne hjælp\n"
        "Svar gives i tråden under anmodningen. Skriv aldrig navne, CPR-numre eller adresser.",
        "*Sparring* — peer sparring and feedback on cases\n"
        "• `/sparring` — ask a colleague for sparring on a case (ICS triangle) or ask a quick "
        "question\n"
        "• `/sparring mine` — your open requests and those waiting for you\n"
        "• `/sparring buddy` — see your buddy and for how long\n"
        "• `/sparring expert` — choose the topics you can help with; "
        "`/sparring experts [topic]` — who covers what\n"
        "• `/sparring pause [until 24.12]` — pause from buddy pairs; `/sparring resume` — "
        "come back\n"
        "• `/sparring setup` — make the channel a team; the lead changes its settings "
        "(type it in the team's channel)\n"
        "• Team lead: `/sparring topics` (the team's topics), `/sparring expert @name`, "
        "`/sparring pause @name [until date]`, `/sparring exclude @name`, "
        "`/sparring include @name`\n"
        "• `/sparring not with @name` — never be paired with a certain colleague (only you "
        "see it); `/sparring not with remove @name` — undo\n"
        "`/sparring include @name`, `/sparring lead @name` (hand the lead role on), "
        "`/sparring stats` (the team's figures, no case content)\n"
        "• `/sparring rules` — the team's ground rules; `/sparring rules propose` — propose a "
        "change; `/sparring rules history` — adopted versions\n"
        "• `/sparring meeting` — the next team meeting and its queue (the lead sets it up)\n"
        "• `/sparring my data` — get everything Sparring stores about you, as files\n"
        "• `/sparring help` — show this help\n"
        "Answers go in the thread under the request. Never write names, CPR numbers or "
        "addresses.",
    ),
    "cmd.unknown": (
        "Det kender jeg ikke: `{word}`.",
        "I don't know that one: `{word}`.",
    ),
    "buddy.none": (
        "Du har ingen makker lige nu. Makkerpar sættes i teamets kanal ved næste periode.",
        "You have no buddy right now. Buddy pairs are set in the team's channel next period.",
    ),
    "buddy.line": (
        "*{team}:* {people} — frem til og med {end}.",
        "*{team}:* {people} — until {end}.",
    ),
    "buddy.paused": (
        "Du holder pause fra makkerpar{until}. `/sparring genoptag` gør dig aktiv igen.",
        "You are on a pause from buddy pairs{until}. `/sparring resume` makes you active again.",
    ),
    "buddy.until": (" til og med {date}", " until {date}"),
    "pause.done": (
        "Du holder pause fra makkerpar{until}. Du kommer med igen ved første periode efter. "
        "`/sparring genoptag` afslutter pausen før.",
        "You are on a pause from buddy pairs{until}. You are back from the first period after. "
        "`/sparring resume` ends the pause earlier.",
    ),
    "pause.done_open": (
        "Du holder pause fra makkerpar, indtil du skriver `/sparring genoptag`.",
        "You are on a pause from buddy pairs until you type `/sparring resume`.",
    ),
    "pause.member_done": (
        "<@{user}> holder pause fra makkerpar{until}.",
        "<@{user}> is on a pause from buddy pairs{until}.",
    ),
    "pause.bad_date": (
        "Den dato forstår jeg ikke: `{text}`. Skriv fx `/sparring pause til 24.12` eller "
        "`/sparring pause til 2. januar` (i dag eller senere).",
        "I don't understand that date: `{text}`. Write e.g. `/sparring pause until 24.12` or "
        "`/sparring pause until 2 january` (today or later).",
    ),
    "pause.no_team": (
        "Du er ikke med i et team endnu, så der er intet at holde pause fra.",
        "You are not in a team yet, so there is nothing to pause.",
    ),
    "resume.done": (
        "Velkommen tilbage! Du er med i makkerpar igen fra næste periode.",
        "Welcome back! You take part in buddy pairs again from the next period.",
    ),
    "exclude.done": (
        "<@{user}> er taget ud af teamets makkerpar. Det ser kun du.",
        "<@{user}> is taken out of the team's buddy pairs. Only you see this.",
    ),
    "include.done": (
        "<@{user}> er med i teamets makkerpar igen fra næste periode.",
        "<@{user}> takes part in the team's buddy pairs again from the next period.",
    ),
    "lead.only": (
        "Det kan kun teamlederen gøre, og kun i teamets kanal.",
        "Only the team lead can do that, and only in the team's channel.",
    ),
    "lead.who": (
        "Nævn personen, fx `/sparring {word} @navn`.",
        "Mention the person, e.g. `/sparring {word} @name`.",
    ),
    "lead.not_member": (
        "<@{user}> er ikke med i teamet.",
        "<@{user}> is not in the team.",
    ),
    "setup.not_channel": (
        "Skriv `/sparring opsæt` i teamets kanal, ikke i en direkte besked.",
        "Type `/sparring setup` in the team's channel, not in a direct message.",
    ),
    "setup.shared_channel": (
        "Kanalen er allerede et team i et andet workspace (en delt kanal). Opsæt teamet i en "
        "kanal, der kun hører til jeres workspace.",
        "This channel is already a team in another workspace (a shared channel). Set the team "
        "up in a channel of your own workspace.",
    ),
    "setup.not_member": (
        "Inviter mig først i kanalen med `/invite @Sparring`, og prøv så igen.",
        "Invite me to the channel first with `/invite @Sparring`, then try again.",
    ),
    "team.hello": (
        "Hej! Jeg er Sparring. Skriv `/sparring` for at bede en kollega om sparring på en sag, "
        "bygget op om ICS-trekanten. Jeg sætter også faste makkerpar her i kanalen efter "
        "teamets plan — teamlederen vælger dag, tid og hvor tit med `/sparring opsæt`. "
        "`/sparring hjælp` viser, hvad jeg kan.",
        "Hi! I am Sparring. Type `/sparring` to ask a colleague for sparring on a case, built "
        "around the ICS triangle. I also set fixed buddy pairs here in the channel on the "
        "team's schedule — the team lead chooses the day, time and how often with "
        "`/sparring setup`. `/sparring help` shows what I can do.",
    ),
    "team.setup_later": (
        "Tak for invitationen! Slack svarer ikke lige nu, så jeg gør teamet klar om lidt — du "
        "behøver ikke gøre noget.",
        "Thanks for the invitation! Slack is not answering right now, so I will set the team up "
        "in a moment — there is nothing you need to do.",
    ),
    "team.welcome": (
        "Velkommen! Teamet her bruger Sparring til kollegial sparring og feedback. Skriv "
        "`/sparring` for at bede en kollega om sparring på en sag; `/sparring hjælp` viser mere.",
        "Welcome! This team uses Sparring for peer sparring and feedback. Type `/sparring` to "
        "ask a colleague for sparring on a case; `/sparring help` shows more.",
    ),
    # Team settings (the lead's modal)
    "settings.title": ("Teamindstillinger", "Team settings"),
    "settings.submit": ("Gem", "Save"),
    "settings.intro": (
        "Faste makkerpar for *{name}*: grupper af to, og ved et ulige antal bliver én gruppe "
        "en trio. Alle i kanalen er med, undtagen dem, der holder pause.",
        "Fixed buddy pairs for *{name}*: groups of two, and with an odd number one group "
        "becomes a trio. Everyone in the channel takes part except those on a pause.",
    ),
    "settings.pairing": ("Makkerpar", "Buddy pairs"),
    "pairing.on": ("Til", "On"),
    "pairing.off": ("Fra", "Off"),
    "settings.period": ("Hvor længe er I makkere?", "How long do buddies stay together?"),
    "period.1": ("1 uge", "1 week"),
    "period.2": ("2 uger", "2 weeks"),
    "period.4": ("4 uger", "4 weeks"),
    "period.8": ("8 uger", "8 weeks"),
    "period.13": ("13 uger (et kvartal)", "13 weeks (a quarter)"),
    "settings.weekday": ("Oversigten kommer om", "The overview comes on"),
    "weekday.0": ("mandagen", "Monday"),
    "weekday.1": ("tirsdagen", "Tuesday"),
    "weekday.2": ("onsdagen", "Wednesday"),
    "weekday.3": ("torsdagen", "Thursday"),
    "weekday.4": ("fredagen", "Friday"),
    "settings.time": ("Klokken", "At"),
    "settings.reminder": (
        "Påmind om ubesvarede anmodninger efter",
        "Remind about unanswered requests after",
    ),
    "settings.retention": (
        "Slet sagens indhold efter lukning",
        "Delete the case content after closing",
    ),
    "retention.7": ("7 dage", "7 days"),
    "retention.14": ("14 dage", "14 days"),
    "retention.30": ("30 dage", "30 days"),
    "reminder.1": ("1 arbejdsdag", "1 working day"),
    "reminder.2": ("2 arbejdsdage", "2 working days"),
    "reminder.3": ("3 arbejdsdage", "3 working days"),
    "reminder.5": ("5 arbejdsdage", "5 working days"),
    "settings.every_week": ("Oversigt i kanalen", "Overview in the channel"),
    "every_week.yes": (
        "Hver uge — nævner de nuværende par",
        "Every week — names the current pairs",
    ),
    "every_week.no": ("Kun når parrene skifter", "Only when the pairs change"),
    "settings.holidays": ("Helligdage", "Public holidays"),
    "holidays.skip": (
        "Falder oversigtens dag på en helligdag, kommer den næste arbejdsdag",
        "On a public holiday, post the overview on the next working day",
    ),
    "settings.pause": ("Pause for hele teamet til og med", "Pause the whole team until"),
    "hint.pause": (
        "Fx over sommerferien. Lad feltet stå tomt for ingen pause.",
        "For example over the summer holidays. Leave empty for no pause.",
    ),
    "settings.saved": (
        "Teamets indstillinger er gemt. Næste oversigt over makkerpar: {when}.",
        "The team's settings are saved. Next buddy overview: {when}.",
    ),
    "settings.saved_off": (
        "Teamets indstillinger er gemt. Makkerpar er slået fra.",
        "The team's settings are saved. Buddy pairs are off.",
    ),
    "settings.not_lead": (
        "Kanalen er et team (antal medlemmer: {count}). Kun teamlederen kan ændre teamets "
        "indstillinger.",
        "The channel is a team (members: {count}). Only the team lead can change its settings.",
    ),
    "error.time_invalid": ("Vælg et klokkeslæt.", "Choose a time."),
    "error.not_lead": (
        "Kun teamlederen kan ændre teamets indstillinger.",
        "Only the team lead can change the team's settings.",
    ),
    # Buddy pairs
    "pairs.header": ("Makkerpar · uge {week}", "Buddy pairs · week {week}"),
    "pairs.fallback": ("Makkerpar for uge {week}", "Buddy pairs for week {week}"),
    "pairs.new": (
        "Nye makkerpar frem til og med {end}:",
        "New buddy pairs until {end}:",
    ),
    "pairs.continue": (
        "I fortsætter med jeres makker frem til og med {end}:",
        "You continue with your buddy until {end}:",
    ),
    "pairs.and": ("og", "and"),
    "pairs.more": ("… og {count} grupper mere.", "… and {count} more groups."),
    "pairs.footer": (
        "Sparring på en sag? Skriv `/sparring`, og send den til din makker. `/sparring makker` "
        "viser, hvem din makker er. Ingen sagsoplysninger her i kanalen.",
        "Sparring on a case? Type `/sparring` and send it to your buddy. `/sparring buddy` "
        "shows who your buddy is. No case details here in the channel.",
    ),
    "pairs.intro": (
        "Hej {people}! I er makkere frem til og med {end}.",
        "Hi {people}! You are buddies until {end}.",
    ),
    "pairs.starter": (
        "Et sted at starte: Hvad arbejder I med lige nu, hvor en kollegas blik ville hjælpe?",
        "A place to start: what are you working on where a colleague's view would help?",
    ),
    "pairs.intro_fallback": ("I er makkere i denne periode", "You are buddies this period"),
    "pairs.alone": (
        "Der er kun én i rotationen lige nu, så der er ingen makkerpar i denne periode. Når I "
        "er to eller flere, sætter jeg par fra næste periode.",
        "There is only one person in the rotation right now, so there are no buddy pairs this "
        "period. When there are two or more of you, I will pair you from the next period.",
    ),
    "pairs.stopped": (
        "Jeg kan ikke længere skrive i kanalen <#{channel}> ({name}) — den er arkiveret, eller "
        "jeg er fjernet — så teamets makkerpar er stoppet. For at fortsætte: inviter mig i "
        "teamets kanal (gendan den, eller brug en ny) og skriv `/sparring opsæt` dér.",
        "I can no longer post in <#{channel}> ({name}) — it was archived, or I was removed — so "
        "the team's buddy pairs have stopped. To continue: invite me to the team's channel "
        "(restore it, or use a new one) and type `/sparring setup` there.",
    ),
    # "Did you meet?", skipping a period, staying in the pairs
    "checkin.question": (
        "Hej {people}! Jeres periode som makkere slutter {end}. Har I talt sammen?",
        "Hi {people}! Your period as buddies ends {end}. Did you talk?",
    ),
    "checkin.fallback": ("Har I talt sammen i denne periode?", "Did you talk this period?"),
    "checkin.yes": ("Ja, vi har talt sammen", "Yes, we talked"),
    "checkin.not_yet": ("Ikke endnu", "Not yet"),
    "checkin.no": ("Nej", "No"),
    "checkin.some": ("Nogle af os", "Some of us"),
    "checkin.answered": ("<@{user}> svarede: *{answer}*", "<@{user}> answered: *{answer}*"),
    "checkin.gone": (
        "Den periode findes ikke længere, så svaret er ikke gemt.",
        "That period no longer exists, so the answer was not saved.",
    ),
    "checkin.not_yours": (
        "Kun makkerne i denne gruppe kan svare her. Intet er ændret.",
        "Only the buddies in this group can answer here. Nothing was changed.",
    ),
    "skip.offer": (
        "Kan du ikke være med i næste periode (fra {start})? Spring den over — du er med igen "
        "perioden efter.",
        "Can't take part in the next period (from {start})? Skip it — you are back the period "
        "after.",
    ),
    "skip.button": ("Spring næste periode over", "Skip the next period"),
    "skip.done": (
        "Du springer makkerpar over i perioden {start}–{end}. Du er med igen fra {back}. Tryk "
        "igen for at fortryde.",
        "You skip buddy pairs in the period {start}–{end}. You are back from {back}. Press "
        "again to undo.",
    ),
    "skip.undone": (
        "Du er med i makkerpar igen i perioden {start}–{end}.",
        "You are back in buddy pairs in the period {start}–{end}.",
    ),
    "skip.too_late": (
        "Makkerparrene for perioden fra {start} er allerede lavet, så du kan ikke springe den "
        "over nu. Skriv `/sparring pause` for at holde pause.",
        "The buddy pairs for the period from {start} are already made, so you cannot skip it "
        "now. Type `/sparring pause` to take a break.",
    ),
    "skip.left_alone": (
        "Dine kolleger i {team} springer denne periode over, så du har ingen makker frem til og "
        "med {end}. Du er med igen i næste periode.",
        "Your colleagues in {team} skip this period, so you have no buddy until {end}. You are "
        "back in the next period.",
    ),
    "stay.question": (
        "Du og din makker i {team} har ikke fået talt sammen de sidste tre perioder (eller "
        "ikke svaret). Vil du blive i makkerparrene?",
        "You and your buddy in {team} have not talked in the last three periods (or not "
        "answered). Do you want to stay in the buddy pairs?",
    ),
    "stay.stay": ("Bliv i makkerpar", "Stay in buddy pairs"),
    "stay.pause": ("Hold pause", "Take a break"),
    "stay.staying": ("Godt — du bliver i makkerparrene.", "Good — you stay in the buddy pairs."),
    "stay.paused": (
        "Du holder pause fra makkerpar til og med {until}. En anden dato: `/sparring pause til "
        "24.12`; tilbage før: `/sparring genoptag`.",
        "You are on a break from buddy pairs until {until}. Another date: `/sparring pause "
        "until 24.12`; back sooner: `/sparring resume`.",
    ),
    "wish.added": (
        "Noteret: du bliver ikke sat sammen med <@{user}> i makkerpar. Kun du kan se det — "
        "heller ikke teamlederen. Fortryd: `/sparring ikke med fjern <@{user}>`.",
        "Noted: you will not be paired with <@{user}> in buddy pairs. Only you can see this — "
        "not even the team lead. Undo: `/sparring not with remove <@{user}>`.",
    ),
    "wish.removed": (
        "Fjernet: du kan igen blive sat sammen med <@{user}>.",
        "Removed: you can be paired with <@{user}> again.",
    ),
    "wish.not_there": (
        "Du havde ikke bedt om ikke at blive sat sammen med <@{user}>. Intet er ændret.",
        "You had not asked not to be paired with <@{user}>. Nothing was changed.",
    ),
    "wish.self": (
        "Skriv navnet på en kollega: `/sparring ikke med @navn`.",
        "Name a colleague: `/sparring not with @name`.",
    ),
    "wish.none": (
        "Du har ingen ønsker om, hvem du ikke vil sættes sammen med. Tilføj et: `/sparring "
        "ikke med @navn` (kun du kan se det).",
        "You have no wishes about whom not to be paired with. Add one: `/sparring not with "
        "@name` (only you can see it).",
    ),
    "wish.list": (
        "Du bliver ikke sat sammen med: {people}. Kun du kan se det. Fortryd: `/sparring ikke "
        "med fjern @navn`.",
        "You will not be paired with: {people}. Only you can see this. Undo: `/sparring not "
        "with remove @name`.",
    ),
    "wish.unmet": (
        "I {team} er der for få i rotationen i denne periode til at holde dig fra <@{user}>, "
        "så I er sat sammen frem til og med {end}. Vil du ikke det, kan du skrive "
        "`/sparring pause` — ingen andre får dit ønske at vide.",
        "In {team} there are too few in the rotation this period to keep you apart from "
        "<@{user}>, so you are paired until {end}. If you would rather not, type "
        "`/sparring pause` — nobody else learns of your wish.",
    ),
    # App Home
    "home.header": ("Kollegial sparring og feedback", "Peer sparring and feedback"),
    "home.intro": (
        "Bed en kollega om sparring på en sag ud fra ICS-trekanten, eller stil et hurtigt "
        "spørgsmål. Svar gives i en tråd, og det, der siges, bliver mellem jer.",
        "Ask a colleague for sparring on a case using the ICS triangle, or ask a quick "
        "question. Answers go in a thread, and what is said stays between you.",
    ),
    "home.button": ("Bed om sparring", "Ask for sparring"),
    "home.buddy": ("Din makker", "Your buddy"),
    "home.sent": ("Dine åbne anmodninger", "Your open requests"),
    "home.waiting": ("Venter på dig", "Waiting for you"),
    "home.none": ("Ingen lige nu.", "None right now."),
    "home.item": ("{status} · til {people} · {date}", "{status} · to {people} · {date}"),
    "home.whole_team": ("hele teamet", "the whole team"),
    "home.back_to_you": ("dig selv (sendt tilbage)", "you (sent back)"),
    "home.item_waiting": (
        "{status} · fra {people} · {date}",
        "{status} · from {people} · {date}",
    ),
    "home.item_back": (
        "{status} · kom tilbage til dig · {date}",
        "{status} · came back to you · {date}",
    ),
    "home.next": ("Næste skridt:", "Next step:"),
    "home.next.back": (
        "Giv den til en anden kollega, eller træk den tilbage.",
        "Hand it to another colleague, or withdraw it.",
    ),
    "home.next.close": (
        "Luk den, når du har det, du skal bruge.",
        "Close it when you have what you need.",
    ),
    "home.next.on_it": (
        "{helper} er i gang — svaret kommer i tråden.",
        "{helper} is on it — the answer comes in the thread.",
    ),
    "home.next.meeting": (
        "Fremlæg den på teammødet, når den står på dagsordenen.",
        "Present it at the team meeting when it is on the agenda.",
    ),
    "home.next.team_waiting": (
        "Vent på, at en fra teamet tager den.",
        "Wait for someone on the team to take it.",
    ),
    "home.next.wait_take": ("Vent på, at {people} tager den.", "Wait for {people} to take it."),
    "home.next.take": (
        "Tag den, eller giv den videre til en kollega.",
        "Take it, or hand it on to a colleague.",
    ),
    "home.next.answer": ("Svar i tråden.", "Answer in the thread."),
    "home.next.answered": (
        "Du har svaret; {requester} lukker den.",
        "You have answered; {requester} closes it.",
    ),
    "home.no_buddy": (
        "Ingen makker i denne periode.",
        "No buddy this period.",
    ),
    "home.paused": (
        ":double_vertical_bar: Du holder pause fra makkerpar{until}.",
        ":double_vertical_bar: You are on a pause from buddy pairs{until}.",
    ),
    "home.active": (
        "Du er med i makkerpar. Holder du fri, kan du holde pause.",
        "You take part in buddy pairs. Away for a while? Take a pause.",
    ),
    "home.pause": ("Hold pause", "Pause"),
    "home.resume": ("Genoptag", "Resume"),
    "home.my_topics": ("Dine ekspertemner:", "Your expert topics:"),
    "home.no_topics": ("ingen endnu", "none yet"),
    "home.change_topics": ("Skift emner", "Change topics"),
    "home.settings": ("Teamindstillinger", "Team settings"),
    "home.rules": ("Spilleregler", "Ground rules"),
    "home.rules_version": ("Spilleregler (version {version})", "Ground rules (version {version})"),
    "home.rules_none": (
        "Ingen vedtagne endnu — `/sparring spilleregler foreslå` i teamets kanal.",
        "None adopted yet — `/sparring rules propose` in the team's channel.",
    ),
    "home.meeting": ("Næste teammøde", "Next team meeting"),
    "home.meeting_next": ("{when}. På dagsordenen:", "{when}. On the agenda:"),
    "home.meeting_none": (
        "Teamet har ikke sat et teammøde op.",
        "The team has not set up a team meeting.",
    ),
    "home.queue_empty": ("Ingen sager endnu.", "No cases yet."),
    "home.gaps": ("Emner uden ekspert", "Topics without an expert"),
    "home.no_gaps": ("Alle emner har en ekspert.", "Every topic has an expert."),
    "home.proposals": (
        "Forslag til spilleregler, der venter på dig",
        "Rules proposals waiting for you",
    ),
    "home.proposal": (
        "• Fra {user}, {date} · {count} støtter",
        "• From {user}, {date} · {count} supporters",
    ),
    "home.stats": ("Statistik (uden sagsindhold)", "Statistics (no case content)"),
    "home.chart_title": ("Sparring de seneste 12 måneder", "Sparring over the last 12 months"),
    "home.chart_alt": (
        "Søjlediagram: anmodninger, besvarede, makkerrunder og sager på teammøder pr. måned",
        "Bar chart: requests, answered, buddy rounds and cases at team meetings per month",
    ),
    # Statistics for leads (counts only; under 5 shown as "<5")
    "stats.header": (
        "*Statistik for {team}* (tal under 5 vises som <5)",
        "*Statistics of {team}* (counts under 5 are shown as <5)",
    ),
    "stats.month": (
        "*{month}:* {requests} anmodninger ({routes}) · besvaret {share} · median til første "
        "svar {median} arbejdstimer · makkerrunder {rounds} (mødtes {met}, ikke {not_met}) · "
        "sager taget på teammøder {meeting} · emner: {topics}",
        "*{month}:* {requests} requests ({routes}) · answered {share} · median to first answer "
        "{median} working hours · buddy rounds {rounds} (met {met}, not {not_met}) · cases "
        "taken at team meetings {meeting} · topics: {topics}",
    ),
    "stats.series.requests": ("Anmodninger", "Requests"),
    "stats.series.answered": ("Besvaret", "Answered"),
    "stats.series.buddy_rounds": ("Makkerrunder", "Buddy rounds"),
    "stats.series.meeting_cases": ("Sager på teammøder", "Meeting cases"),
    "stats.home_hint": (
        "Diagrammet over de seneste 12 måneder ligger i din App Home.",
        "The chart of the last 12 months is in your App Home.",
    ),
    # Handing the lead role on
    "lead.handover_who": (
        "Nævn den nye leder, fx `/sparring leder @navn`.",
        "Mention the new lead, e.g. `/sparring lead @name`.",
    ),
    "lead.handover_already": (
        "<@{user}> er allerede teamets leder.",
        "<@{user}> already leads the team.",
    ),
    "lead.handover_done": (
        "<@{user}> er nu teamets leder. Du er ikke længere leder af teamet.",
        "<@{user}> now leads the team. You no longer lead it.",
    ),
    "lead.handover_admin_done": (
        "<@{user}> er nu teamets leder.",
        "<@{user}> now leads the team.",
    ),
    "lead.handover_posted": (
        "<@{user}> er nu teamleder for sparring her (overdraget af <@{by}>).",
        "<@{user}> now leads sparring here (handed over by <@{by}>).",
    ),
    "lead.left_team": (
        "Teamets leder, <@{user}>, har forladt kanalen, så teamet har ingen leder til "
        "indstillinger, spilleregler og teammøder. Vælg en ny her, eller skriv "
        "`/sparring leder @navn`.",
        "The team's lead, <@{user}>, has left the channel, so nobody leads the team's "
        "settings, rules and meetings. Pick a new lead here, or type `/sparring lead @name`.",
    ),
    "lead.pick_label": ("Vælg en ny leder", "Pick a new lead"),
    "lead.left_admin": (
        "Teamet <#{channel}> ({name}) har mistet sin leder, <@{user}>, som har forladt "
        "kanalen. Teamet er bedt om at vælge en ny; som administrator kan du også skrive "
        "`/sparring leder @navn` i kanalen.",
        "The team <#{channel}> ({name}) has lost its lead, <@{user}>, who left the channel. "
        "The team was asked to pick a new one; as an admin you can also type "
        "`/sparring lead @name` in the channel.",
    ),
    "lead.pick_taken": (
        "Teamet har allerede en leder: <@{user}>.",
        "The team already has a lead: <@{user}>.",
    ),
    # The team's ground rules (spilleregler)
    "route.meeting": ("Teammødet", "The team meeting"),
    "rules.title": ("Spilleregler", "Ground rules"),
    "rules.heading": ("*Spilleregler for {team}*", "*Ground rules of {team}*"),
    "rules.form": ("Form", "Form"),
    "rules.rhythm": ("Rytme", "Rhythm"),
    "rules.q.forms": ("Hvornår og i hvilke former?", "When and in what forms?"),
    "rules.q.topics": (
        "Hvilke emner kan vi tage op med kollegerne?",
        "Which topics can we bring to colleagues?",
    ),
    "rules.q.asking": ("Sådan beder vi om sparring:", "How we ask for sparring:"),
    "rules.q.rhythm": ("Systematisk eller ad hoc?", "Systematic or ad hoc?"),
    "rules.q.feedback": ("Sådan må der gives feedback:", "How feedback may be given:"),
    "rules.form.buddies": ("Faste makkerpar", "Fixed buddy pairs"),
    "rules.form.experts": ("Ekspertroller", "Expert roles"),
    "rules.form.meetings": ("Teammøder", "Team meetings"),
    "rules.form.just_ask": ("Bare spørg", "Just ask"),
    "rules.rhythm.systematic": (
        "Systematisk (faste tider, sager to og to)",
        "Systematic (set times, cases two by two)",
    ),
    "rules.rhythm.ad_hoc": ("Ad hoc, når behovet er der", "Ad hoc, when the need arises"),
    "rules.rhythm.both": ("Begge dele", "Both"),
    "rules.more": ("Uddyb gerne (valgfrit)", "Say more (optional)"),
    "rules.recognition_label": ("Anerkendelse", "Recognition"),
    "rules.recognition_expected": ("Anerkendelse forventes.", "Recognition is expected."),
    "rules.recognition_free": (
        "Anerkendelse er velkommen, men ikke et krav.",
        "Recognition is welcome but not required.",
    ),
    "rules.template.forms": (
        "Vi har faste makkerpar, tager sager op på teammødet, og alle kan spørge hinanden.",
        "We have fixed buddy pairs, bring cases to the team meeting, and anyone can ask anyone.",
    ),
    "rules.template.topics": (
        "Alle sager og faglige spørgsmål — også dem, vi er i tvivl om.",
        "Any case or professional question — including the ones we are unsure about.",
    ),
    "rules.template.asking": (
        "Skriv kort, hvad du vil have sparring på, og hvornår du har brug for svar.",
        "Write briefly what you want sparring on and when you need an answer.",
    ),
    "rules.template.rhythm": (
        "Makkerpar og teammøde er faste; resten er ad hoc.",
        "Buddy pairs and the team meeting are fixed; the rest is ad hoc.",
    ),
    "rules.template.feedback": (
        "Den, der spørger, vælger, hvor meget feedback hun vil have.",
        "Whoever asks chooses how much feedback they want.",
    ),
    "rules.template_note": (
        "Dette er en skabelon — teamet har ikke vedtaget sine egne spilleregler endnu. "
        "Gør dem til jeres egne: foreslå en ændring.",
        "This is a template — the team has not adopted its own ground rules yet. Make them "
        "your own: propose a change.",
    ),
    "rules.version": (
        "Version {version}, vedtaget {date} af <@{lead}>, foreslået af <@{proposer}>",
        "Version {version}, adopted {date} by <@{lead}>, proposed by <@{proposer}>",
    ),
    "rules.in_brief": ("*Teamets spilleregler kort:*", "*The team's ground rules in brief:*"),
    "rules.button.all": ("Se alle", "See all"),
    "rules.button.propose": ("Foreslå en ændring", "Propose a change"),
    "rules.button.support": ("Jeg støtter", "I support this"),
    "rules.button.adopt": ("Vedtag", "Adopt"),
    "rules.button.decline": ("Afvis", "Decline"),
    "rules.propose_title": ("Foreslå spilleregler", "Propose ground rules"),
    "rules.propose_submit": ("Foreslå", "Propose"),
    "rules.propose_intro": (
        "Her er teamets spilleregler, som de er i dag. Ret det, du vil ændre — forslaget lægges "
        "i teamets kanal, hvor kollegerne kan kommentere og støtte, og lederen vedtager det.",
        "Here are the team's ground rules as they are today. Change what you want to change — "
        "the proposal is posted in the team channel, where colleagues can comment and support "
        "it, and the lead adopts it.",
    ),
    "rules.proposal": (
        "*<@{proposer}> foreslår nye spilleregler.* Det ændrer sig:",
        "*<@{proposer}> proposes new ground rules.* What changes:",
    ),
    "rules.proposed": (
        "Dit forslag er lagt i <#{channel}>. Kollegerne kan kommentere i tråden og støtte det.",
        "Your proposal is posted in <#{channel}>. Colleagues can comment in its thread and "
        "support it.",
    ),
    "rules.comment_hint": (
        "Kommentér i tråden. Teamets leder vedtager eller afviser forslaget.",
        "Comment in the thread. The team lead adopts or declines the proposal.",
    ),
    "rules.supporters": ("Støttes af {people}", "Supported by {people}"),
    "rules.no_supporters": ("Ingen har støttet endnu.", "Nobody has supported it yet."),
    "rules.diff.added": ("{question} tilføjet:", "{question} added:"),
    "rules.diff.removed": ("{question} fjernet:", "{question} removed:"),
    "rules.diff.changed": ("{question} {before} → {after}", "{question} {before} → {after}"),
    "rules.diff.now": ("Nu:", "Now:"),
    "rules.diff.text": ("{question} ny tekst:", "{question} new text:"),
    "rules.diff.empty": ("(tom)", "(empty)"),
    "rules.diff.none": ("Ingen ændringer i forhold til i dag.", "No changes from today."),
    "rules.adopted": (
        "✅ Vedtaget af <@{lead}> som version {version}.",
        "✅ Adopted by <@{lead}> as version {version}.",
    ),
    "rules.declined": ("Afvist af <@{lead}>.", "Declined by <@{lead}>."),
    "rules.reason_line": ("*Begrundelse:* {reason}", "*Reason:* {reason}"),
    "rules.reason_title": ("Begrundelse", "Reason"),
    "rules.reason_label": ("Begrundelse til teamet (valgfrit)", "A reason for the team (optional)"),
    "rules.decided_adopted": (
        "Forslaget er vedtaget. Vil du skrive en begrundelse til teamet?",
        "The proposal is adopted. Do you want to give the team a reason?",
    ),
    "rules.decided_declined": (
        "Forslaget er afvist. Vil du skrive en begrundelse til teamet?",
        "The proposal is declined. Do you want to give the team a reason?",
    ),
    "rules.only_lead": (
        "Kun teamets leder kan vedtage eller afvise et forslag — intet er ændret. Du kan "
        "støtte det eller kommentere i tråden.",
        "Only the team lead can adopt or decline a proposal — nothing was changed. You can "
        "support it or comment in the thread.",
    ),
    "rules.decided": (
        "Forslaget er allerede afgjort — intet er ændret.",
        "The proposal has already been decided — nothing was changed.",
    ),
    "rules.proposal_gone": ("Forslaget findes ikke længere.", "The proposal no longer exists."),
    "rules.not_member": (
        "Det kan kun medlemmer af teamet — intet er ændret.",
        "Only members of the team can do that — nothing was changed.",
    ),
    "rules.error.no_mode": (
        "Vælg mindst én måde, feedback må gives på.",
        "Choose at least one way feedback may be given.",
    ),
    "rules.error.text": ("Højst 500 tegn.", "At most 500 characters."),
    "rules.feedback_rule": ("Tilladt: {modes}.", "Allowed: {modes}."),
    "rules.feedback_refused": (
        "Teamets spilleregler tillader ikke den form for feedback. Tilladt: {allowed}.",
        "The team's ground rules do not allow that kind of feedback. Allowed: {allowed}.",
    ),
    "rules.history_heading": (
        "*Teamets vedtagne spilleregler:*",
        "*The team's adopted ground rules:*",
    ),
    "rules.history_none": (
        "Teamet har ikke vedtaget spilleregler endnu. Se skabelonen med `/sparring "
        "spilleregler`, og foreslå jeres egne med `/sparring spilleregler foreslå`.",
        "The team has not adopted ground rules yet. See the template with `/sparring rules`, "
        "and propose your own with `/sparring rules propose`.",
    ),
    "rules.reminder": (
        "Teamet i <#{channel}> har ikke vedtaget sine spilleregler endnu. Som leder er du "
        "ansvarlig for, at de findes — inviter kollegerne til at skrive dem sammen med "
        "`/sparring spilleregler foreslå`.",
        "The team in <#{channel}> has not adopted its ground rules yet. As its lead you are "
        "responsible that they exist — invite colleagues to write them together with "
        "`/sparring rules propose`.",
    ),
    "msg.request.asked": ("*Der bedes om:* {mode}", "*Asked for:* {mode}"),
    "msg.request.team_rule": (
        "*Teamets spilleregel for feedback:* {rule}",
        "*The team's rule on feedback:* {rule}",
    ),
    # The team meeting
    "meeting.day.0": ("mandag", "Monday"),
    "meeting.day.1": ("tirsdag", "Tuesday"),
    "meeting.day.2": ("onsdag", "Wednesday"),
    "meeting.day.3": ("torsdag", "Thursday"),
    "meeting.day.4": ("fredag", "Friday"),
    "meeting.day.5": ("lørdag", "Saturday"),
    "meeting.day.6": ("søndag", "Sunday"),
    "meeting.title": ("Teammøde", "Team meeting"),
    "meeting.save": ("Gem", "Save"),
    "meeting.when": ("{weekday} {date} kl. {time}", "{weekday} {date} at {time}"),
    "meeting.field.days": ("Mødedag(e)", "Meeting day(s)"),
    "meeting.field.time": ("Klokkeslæt", "Time"),
    "meeting.field.minutes": ("Tid sat af til sager", "Time set aside for cases"),
    "meeting.field.before": ("Dagsorden sendes før mødet", "Agenda is posted before the meeting"),
    "meeting.minutes": ("{minutes} min.", "{minutes} min"),
    "meeting.field.cancel": ("Aflys en dato (fx ferie)", "Cancel a date (e.g. a holiday)"),
    "meeting.field.cancelled": (
        "Aflyste datoer (fjern fluebenet for at holde mødet alligevel)",
        "Cancelled dates (untick to hold the meeting after all)",
    ),
    "meeting.error.days": ("Vælg mindst én dag.", "Choose at least one day."),
    "meeting.error.time": ("Vælg et klokkeslæt.", "Choose a time."),
    "meeting.saved": ("Teammødet er gemt.", "The team meeting is saved."),
    "meeting.none": (
        "Teamet har ikke sat et teammøde op endnu. Lederen gør det med `/sparring teammøde`.",
        "The team has not set up a team meeting yet. The lead does it with `/sparring meeting`.",
    ),
    "meeting.next": (
        "*Næste teammøde:* {when}\n*Sager i køen:*",
        "*Next team meeting:* {when}\n*Cases in the queue:*",
    ),
    "meeting.queue_empty": ("Ingen sager endnu.", "No cases yet."),
    "meeting.route_needs_time": (
        "Teammødet kræver, at teamet har et fast mødetidspunkt. Bed lederen sætte det op med "
        "`/sparring teammøde`.",
        "The team meeting needs the team to have a set meeting time. Ask the lead to set it "
        "up with `/sparring meeting`.",
    ),
    "meeting.route_note": (
        "Sagen kommer i køen til teammødet {when} som nr. {place}. Du fremlægger den selv "
        "på mødet.",
        "The case joins the queue for the team meeting {when} as number {place}. You present "
        "it yourself at the meeting.",
    ),
    "meeting.queued": (
        "Din sag er i køen til teammødet {date} som nr. {place}.",
        "Your case is in the queue for the team meeting {date} as number {place}.",
    ),
    "meeting.moved": (
        "Din sag er flyttet til teammødet {date}, hvor den er nr. {place} i køen.",
        "Your case has moved to the team meeting {date}, where it is number {place} in the queue.",
    ),
    "meeting.taken": (
        "Din sag blev taget på teammødet. Tak til teamet for sparringen.",
        "Your case was taken at the team meeting. Thanks to the team for the sparring.",
    ),
    "meeting.unmarked": (
        "Nogle sager fra teammødet i <#{channel}> blev ikke markeret som taget eller flyttet "
        "inden for et døgn. De er flyttet til næste møde — markér gerne sagerne fremover.",
        "Some cases from the team meeting in <#{channel}> were not marked taken or moved "
        "within a day. They have moved to the next meeting — please mark cases in future.",
    ),
    "meeting.only_lead": (
        "Kun teamets leder eller den, der bad om sparring, kan markere sagen — intet er ændret.",
        "Only the team lead or whoever asked for sparring can mark the case — nothing was changed.",
    ),
    "meeting.already_marked": (
        "Sagen er allerede markeret — intet er ændret.",
        "The case has already been marked — nothing was changed.",
    ),
    "meeting.case_gone": ("Sagen findes ikke længere.", "The case no longer exists."),
    "agenda.header": ("Dagsorden: sager til teammødet", "Agenda: cases for the team meeting"),
    "agenda.fallback": ("Dagsorden til teammødet {when}", "Agenda for the team meeting {when}"),
    "agenda.intro": (
        "*Teammødet {when}* — {minutes} min. til sager, i denne rækkefølge:",
        "*Team meeting {when}* — {minutes} min for cases, in this order:",
    ),
    "agenda.round": (
        "Hver sag: fokuspersonen fremlægger → opklarende spørgsmål → refleksioner og idéer "
        "(fokuspersonen lytter) → hvad fokuspersonen tager med sig.",
        "Each case: the fokusperson presents → clarifying questions → reflections and ideas "
        "(the fokusperson listens) → what the fokusperson takes with them.",
    ),
    "agenda.case": (
        "*{number}.* <@{requester}> · {topic} · {wants} — ca. {minutes} min.",
        "*{number}.* <@{requester}> · {topic} · {wants} — about {minutes} min",
    ),
    "agenda.empty": ("Ingen sager til dette møde.", "No cases for this meeting."),
    "agenda.overflow": (
        "*Passede ikke i tiden — flyttet først i køen til næste møde:* {people}",
        "*Did not fit the time — moved first in the queue for the next meeting:* {people}",
    ),
    "agenda.mark_hint": (
        "Efter mødet markerer lederen eller den, der bad om sparring, hver sag som taget "
        "eller flyttet. Umarkerede sager flyttes efter et døgn.",
        "After the meeting the lead or whoever asked marks each case taken or moved. "
        "Unmarked cases move on after a day.",
    ),
    "agenda.taken": ("✅ Taget (markeret af <@{user}>)", "✅ Taken (marked by <@{user}>)"),
    "agenda.moved": ("➡️ Flyttet til {date}", "➡️ Moved to {date}"),
    "agenda.button.open": ("Åbn sagen", "Open the case"),
    "agenda.button.taken": ("Taget", "Taken"),
    "agenda.button.moved": ("Flyt til næste møde", "Move to next meeting"),
    "agenda.thanks": (
        "<@{requester}> siger tak til teamet for sparringen.",
        "<@{requester}> thanks the team for the sparring.",
    ),
    "agenda.case_title": ("Sag til teammødet", "Case for the meeting"),
    "agenda.opened_by": (
        "Sendt til teammødet af <@{requester}>, som fremlægger den.",
        "Sent to the team meeting by <@{requester}>, who presents it.",
    ),
    "agenda.content_gone": (
        "Sagens tekst er slettet efter teamets opbevaringsperiode.",
        "The case text was deleted after the team's retention period.",
    ),
    # Errors the user sees
    "error.slack_busy": (
        "Slack svarer langsomt lige nu, så jeg kunne ikke åbne vinduet. Prøv igen om et øjeblik.",
        "Slack is slow to answer right now, so I could not open the window. Try again in a moment.",
    ),
    "error.unexpected": (
        "Noget gik galt hos mig, og intet er ændret. Prøv igen om lidt. Fejl-id: `{error_id}`",
        "Something went wrong on my side, and nothing was changed. Try again in a moment. "
        "Error id: `{error_id}`",
    ),
}


def t(key: str, language: Language, /, **values: object) -> str:
    """The text for `key` in `language`, with placeholders filled."""
    danish, english = CATALOGUE[key]
    text = english if language == "en" else danish
    return text.format(**values) if values else text


def language_for_locale(locale: str | None, default: Language) -> Language:
    """Map a Slack locale such as `da-DK` or `en-US` to a catalogue language."""
    if not locale:
        return default
    prefix = locale.split("-", 1)[0].lower()
    if prefix == "da":
        return "da"
    if prefix == "en":
        return "en"
    return default
