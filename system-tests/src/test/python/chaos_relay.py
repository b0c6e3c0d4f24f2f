"""A scripted SMTP relay for the chaos suite (aiosmtpd).

    python chaos_relay.py SMTP_PORT CONTROL_PORT

Listens on 127.0.0.1:SMTP_PORT for mail and on 127.0.0.1:CONTROL_PORT for a line protocol, one
command a line, one line back:

    mode normal            accept mail (250), counting every delivery by its Message-ID header
    mode defer             451 to every RCPT and DATA: a relay that asks to be tried later
    mode outage            421 to every new connection (in place of the greeting) and to MAIL,
                           RCPT and DATA on open ones, then hangs up: a relay that is down
    refuse PREFIX          550 for good to every recipient whose address starts with PREFIX
    counts                 JSON: {"deliveries": {message-id: n}, "refusals": {code: n}, "mode": m}
    ping                   pong, once both ports listen

Each answered "ok" unless said otherwise. The relay prints "ready" when both ports listen.
"""

import asyncio
import collections
import email.parser
import json
import sys

from aiosmtpd.smtp import SMTP

OUTAGE = "421 4.3.2 Service not available, closing transmission channel"
DEFER = "451 4.3.0 Try again later"
REFUSE = "550 5.1.1 Mailbox unavailable"


class Script:
    """What the relay answers now, and what it has seen."""

    def __init__(self):
        self.mode = "normal"
        self.refused_prefixes = []
        self.deliveries = collections.Counter()
        self.refusals = collections.Counter()

    def refusal(self, reply):
        self.refusals[reply[:3]] += 1
        return reply


class Handler:
    def __init__(self, script):
        self.script = script

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.script.mode == "outage":
            return self.script.refusal(OUTAGE)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        script = self.script
        if script.mode == "outage":
            return script.refusal(OUTAGE)
        if any(address.startswith(prefix) for prefix in script.refused_prefixes):
            return script.refusal(REFUSE)
        if script.mode == "defer":
            return script.refusal(DEFER)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        script = self.script
        if script.mode == "outage":
            return script.refusal(OUTAGE)
        if script.mode == "defer":
            return script.refusal(DEFER)
        headers = email.parser.BytesHeaderParser().parsebytes(envelope.original_content)
        message_id = (headers.get("Message-ID") or "").strip()
        script.deliveries[message_id] += 1
        return "250 OK"


class ChaosSMTP(SMTP):
    """aiosmtpd's server, but a 421 hangs up, and in an outage the greeting is a 421."""

    def __init__(self, handler, script):
        super().__init__(handler, hostname="chaos-relay", enable_SMTPUTF8=True)
        self.script = script
        self.greeted = False

    async def push(self, status):
        text = status if isinstance(status, str) else status.decode("utf-8", "replace")
        if not self.greeted:
            self.greeted = True
            if self.script.mode == "outage":
                text = self.script.refusal(OUTAGE)
        await super().push(text)
        if text.startswith("421") and self.transport is not None:
            self.transport.close()


async def control(script, reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        words = line.decode("utf-8").split()
        if not words:
            continue
        command = words[0]
        if command == "mode" and len(words) == 2 and words[1] in ("normal", "defer", "outage"):
            script.mode = words[1]
            answer = "ok"
        elif command == "refuse" and len(words) == 2:
            script.refused_prefixes.append(words[1])
            answer = "ok"
        elif command == "counts":
            answer = json.dumps(
                {
                    "mode": script.mode,
                    "deliveries": dict(script.deliveries),
                    "refusals": dict(script.refusals),
                }
            )
        elif command == "ping":
            answer = "pong"
        else:
            answer = "error unknown command: " + line.decode("utf-8").strip()
        writer.write(answer.encode("utf-8") + b"\n")
        await writer.drain()
    writer.close()


async def main(smtp_port, control_port):
    script = Script()
    handler = Handler(script)
    loop = asyncio.get_running_loop()
    smtp = await loop.create_server(
        lambda: ChaosSMTP(handler, script), host="127.0.0.1", port=smtp_port
    )
    controls = await asyncio.start_server(
        lambda r, w: control(script, r, w), host="127.0.0.1", port=control_port
    )
    print("ready", flush=True)
    async with smtp, controls:
        await asyncio.gather(smtp.serve_forever(), controls.serve_forever())


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
