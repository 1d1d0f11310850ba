"""Officer handoff: who answers each conversation (bot, queue, officer), the message log,
office hours and callbacks, the audit trace.

Other concerns call ``domain.handoff.service.request_handoff`` (see its docstring), e.g. a
form action after three failed tries on one field::

    with current().db.session() as session:
        result = request_handoff(session, tracker.sender_id, "field_failures")
    dispatcher.utter_message(**handoff_reply(result))
"""
