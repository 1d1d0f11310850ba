"""A stand-in Rasa server (REST channel + tracker) with scripted answers, for channel tests
that must not depend on a trained model. The real model is used in tests/e2e/test_channels.py."""
from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FEE_PAYLOAD = '/ask_fee{"procedure_code":"1.001193"}'
TIME_PAYLOAD = '/ask_processing_time{"procedure_code":"1.001193"}'
# over Telegram's 64-byte callback_data: needs the server-side short id
MORE_PAYLOAD = '/ask_documents{"procedure_code":"1.001193","answer_page":2,"procedure_aspect":"ask_documents"}'
GREETING = [{
    "text": "Dạ, em chào anh/chị. Em là trợ lý dịch vụ công. Anh/chị cần gì ạ?",
    "buttons": [
        {"title": "Hỏi thủ tục", "payload": "Tôi muốn hỏi về thủ tục"},
        {"title": "Tra cứu hồ sơ", "payload": "/check_status"},
        {"title": "Gặp cán bộ", "payload": "/request_human"},
    ],
}]
# one sentence repeated past Telegram's 4,096 characters
LONG_SENTENCE = "Hồ sơ gồm tờ khai đăng ký khai sinh theo mẫu và giấy chứng sinh do cơ sở y tế cấp. "
LONG_ANSWER = LONG_SENTENCE * 60


@dataclass
class FakeRasa:
    received: list[dict] = field(default_factory=list)
    down: bool = False        # answers 503 like a Rasa server that is restarting
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def messages_of(self, sender: str) -> list[str]:
        with self._lock:
            return [m["message"] for m in self.received if m["sender"] == sender]

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/webhooks/rest/webhook", self._webhook, methods=["POST"]),
            Route("/conversations/{sender}/tracker", self._tracker, methods=["GET"]),
            Route("/status", self._status, methods=["GET"]),
            Route("/model/parse", self._parse, methods=["POST"]),
        ])

    async def _status(self, request: Request) -> JSONResponse:
        return JSONResponse({"model_id": "fake", "model_file": "fake.tar.gz"})

    async def _parse(self, request: Request) -> JSONResponse:
        body = await request.json()
        return JSONResponse({"text": body.get("text"), "intent": {"name": "greet", "confidence": 1.0},
                             "entities": [], "intent_ranking": []})

    async def _tracker(self, request: Request) -> JSONResponse:
        return JSONResponse({"sender_id": request.path_params["sender"], "slots": {},
                             "latest_message": {"intent": {"name": "ask_documents", "confidence": 0.99},
                                                "entities": []},
                             "active_loop": {}, "events": []})

    async def _webhook(self, request: Request) -> JSONResponse:
        if self.down:
            return JSONResponse({"status": "failure", "message": "server restarting"}, status_code=503)
        body = await request.json()
        with self._lock:
            self.received.append(body)
        return JSONResponse(await self.answer(body["message"]))

    async def answer(self, text: str) -> list[dict]:
        if text == "/greet":
            return GREETING
        if text == "/restart":
            return []
        if text == "/request_human":
            return [{"text": "Dạ, em đang chuyển anh/chị sang cán bộ. Anh/chị vui lòng chờ một chút ạ."}]
        if text == FEE_PAYLOAD:
            return [{"text": "Dạ, đăng ký khai sinh (1.001193) không mất lệ phí ạ."}]
        if text == MORE_PAYLOAD:
            return [{"text": "Dạ, trang 2 giấy tờ của đăng ký khai sinh (1.001193)."}]
        if text.startswith("chậm "):       # ordering tests: the first message takes longer
            await asyncio.sleep(0.4)
        if "giấy tờ" in text:
            return [{"text": LONG_ANSWER, "buttons": [
                {"title": "Lệ phí", "payload": FEE_PAYLOAD},
                {"title": "Thời gian giải quyết", "payload": TIME_PAYLOAD},
                {"title": "Xem thêm giấy tờ", "payload": MORE_PAYLOAD},
                {"title": "Gặp cán bộ", "payload": "/request_human"},
            ]}]
        return [{"text": f"Dạ, em đã nhận: {text}"}]
