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
    "error.bot": ("Det er en bot — vælg en kollega.", "That is a bot — choose a colleague."),
    "error.deactivated": (
        "Den bruger er deaktiveret — vælg en anden kollega.",
        "That user is deactivated — choose another colleague.",
    ),
    "error.user_unknown": (
        "Jeg kan ikke finde den bruger — vælg en anden kollega.",
        "I cannot find that user — choose another colleague.",
    ),
    "error.deadline_past": (
        "Vælg en dato fra i dag og frem.",
        "Choose a date from today onwards.",
    ),
    "error.route_unavailable": (
        "Den mulighed kommer snart. Vælg en bestemt kollega.",
        "That option is coming soon. Choose a specific colleague.",
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
    "msg.request.rules": (
        "*Spilleregler:* Teamet har endnu ikke skrevet sine spilleregler. Husk: sparring er "
        "ikke evaluering — spørg, foreslå og anerkend; sagen bliver hos den, der spørger.",
        "*Ground rules:* The team has not written its ground rules yet. Remember: sparring is "
        "not evaluation — ask, suggest and recognise; the case stays with the person asking.",
    ),
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
    "button.close": ("Luk", "Close"),
    "button.retry": ("Prøv igen", "Try again"),
    "msg.closed_reminder": (
        "Anmodningen er lukket. Husk at notere det, der har betydning for sagens afgørelse, i "
        "sagen (notatpligt) — indholdet her slettes efter teamets opbevaringsperiode.",
        "The request is closed. Remember to record what matters for a decision in the case "
        "file (notatpligt) — the content here is deleted after the team's retention period.",
    ),
    "msg.close_not_allowed": (
        "Kun den, der bad om sparring, kan lukke anmodningen.",
        "Only the person who asked for sparring can close the request.",
    ),
    "msg.already_closed": ("Anmodningen er allerede lukket.", "The request is already closed."),
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
        "• `/sparring opsæt` — gør kanalen til et team (skriv det i teamets kanal)\n"
        "• `/sparring hjælp` — vis denne hjælp\n"
        "Svar gives i tråden under anmodningen. Skriv aldrig navne, CPR-numre eller adresser.",
        "*Sparring* — peer sparring and feedback on cases\n"
        "• `/sparring` — ask a colleague for sparring on a case (ICS triangle) or ask a quick "
        "question\n"
        "• `/sparring setup` — make the channel a team (type it in the team's channel)\n"
        "• `/sparring help` — show this help\n"
        "Answers go in the thread under the request. Never write names, CPR numbers or "
        "addresses.",
    ),
    "cmd.unknown": (
        "Det kender jeg ikke: `{word}`.",
        "I don't know that one: `{word}`.",
    ),
    "setup.done": (
        "Kanalen er nu et team med {count} medlemmer, og du er teamleder.",
        "The channel is now a team with {count} members, and you are its lead.",
    ),
    "setup.synced": (
        "Kanalen er allerede et team. Medlemslisten er opdateret: {count} medlemmer.",
        "The channel is already a team. The member list is updated: {count} members.",
    ),
    "setup.not_channel": (
        "Skriv `/sparring opsæt` i teamets kanal, ikke i en direkte besked.",
        "Type `/sparring setup` in the team's channel, not in a direct message.",
    ),
    "setup.not_member": (
        "Inviter mig først i kanalen med `/invite @Sparring`, og prøv så igen.",
        "Invite me to the channel first with `/invite @Sparring`, then try again.",
    ),
    "team.hello": (
        "Hej! Jeg er Sparring. Skriv `/sparring` for at bede en kollega om sparring på en sag, "
        "bygget op om ICS-trekanten. `/sparring hjælp` viser, hvad jeg kan.",
        "Hi! I am Sparring. Type `/sparring` to ask a colleague for sparring on a case, built "
        "around the ICS triangle. `/sparring help` shows what I can do.",
    ),
    "team.welcome": (
        "Velkommen! Teamet her bruger Sparring til kollegial sparring og feedback. Skriv "
        "`/sparring` for at bede en kollega om sparring på en sag; `/sparring hjælp` viser mere.",
        "Welcome! This team uses Sparring for peer sparring and feedback. Type `/sparring` to "
        "ask a colleague for sparring on a case; `/sparring help` shows more.",
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
    "home.sent": ("Dine åbne anmodninger", "Your open requests"),
    "home.waiting": ("Venter på dig", "Waiting for you"),
    "home.none": ("Ingen lige nu.", "None right now."),
    "home.item": ("{status} · til {people} · {date}", "{status} · to {people} · {date}"),
    "home.item_waiting": (
        "{status} · fra <@{requester}> · {date}",
        "{status} · from <@{requester}> · {date}",
    ),
    # Errors the user sees
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
