"""Bad input on the applicant portal and the kiosk, over HTTP: wrong check characters,
impossible dates, uploads that are not images or are too large, duplicate submissions,
loss reports by someone who is not the holder. Each gets a clear message and leaves nothing
half-written. Then the kiosk's whole flow with its device token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from guomen.identity.model import Role
from guomen.people.idcard import make_id_number
from portal_web import apply_form, citizen_id, sign_in, submit
from webhelpers import demo_app, issue

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "faces"
FACE = PHOTOS / "face_recognition" / "tests" / "test_images" / "obama.jpg"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    tmp = tmp_path_factory.mktemp("portal_pages")
    container, client = demo_app(tmp, f"sqlite:///{tmp / 'p.sqlite3'}", people=10)
    csrf = sign_in(client, container, "13812345678")
    yield container, client, csrf
    client.close()
    container.close()


def _count(container, table: str) -> int:
    with container.uow() as uow:
        return int(uow.conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _refused(client: TestClient, csrf: str, files=None, **over: str):
    before = client.app.state.container
    count = _count(before, "portal_links")
    response = client.post("/portal/apply", data=apply_form(csrf, **over), files=files)
    assert _count(before, "portal_links") == count  # nothing stored
    return response


def test_wrong_check_character_is_named(world) -> None:
    _, client, csrf = world
    good = citizen_id(seq=40)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    response = _refused(client, csrf, id_number=wrong, green="pregnant")
    assert response.status_code == 422
    assert "check character" in response.text
    assert 'value="pregnant" checked' in response.text
    assert 'value="' + wrong + '"' in response.text  # the form keeps what was typed


def test_impossible_dates_are_refused(world) -> None:
    _, client, csrf = world
    first17 = "11010119850230123"  # 30 February
    from guomen.people.idcard import check_character

    response = _refused(client, csrf, id_number=first17 + check_character(first17))
    assert response.status_code == 422 and "not a real date" in response.text
    response = _refused(client, csrf, id_number=citizen_id(seq=41), birth_date="1985-02-30")
    assert response.status_code == 422


def test_a_non_image_upload_is_refused_with_a_message(world) -> None:
    _, client, csrf = world
    files = {"photo": ("photo.jpg", b"%PDF-1.4 this is not a picture", "image/jpeg")}
    response = _refused(client, csrf, files=files, id_number=citizen_id(seq=42))
    assert response.status_code == 422
    assert "申请未提交" in response.text


def test_oversized_uploads_are_refused(world) -> None:
    _, client, csrf = world
    big = {"photo": ("big.jpg", b"\xff\xd8" + b"0" * 950_000, "image/jpeg")}
    response = _refused(client, csrf, files=big, id_number=citizen_id(seq=43))
    assert response.status_code == 422 and "too large" in response.text
    huge = {"photo": ("huge.jpg", b"\xff\xd8" + b"0" * 1_100_000, "image/jpeg")}
    response = _refused(client, csrf, files=huge, id_number=citizen_id(seq=44))
    assert response.status_code == 413


def test_a_duplicate_submission_is_refused(world) -> None:
    _, client, csrf = world
    submit(client, csrf, id_number=citizen_id(seq=45))
    response = _refused(client, csrf, id_number=citizen_id(seq=45))
    assert response.status_code == 409


def test_pinyin_is_suggested_from_the_chinese_name(world) -> None:
    _, client, csrf = world
    response = client.post(
        "/portal/apply", data={**apply_form(csrf, name_zh="单田芳"), "action": "suggest"}
    )
    assert response.status_code == 200
    assert 'name="surname" type="text" value="SHAN"' in response.text


def test_a_loss_report_needs_the_holders_details(world) -> None:
    container, client, csrf = world
    with container.uow() as uow:
        rows = uow.conn.execute(
            text("SELECT person_id, id FROM travel_documents WHERE issuing_state = 'CHN'")
        ).all()
        person, doc = next(
            (p, d)
            for person_id, doc_id in rows
            if (p := uow.people.get(person_id)) is not None and p.id_number
            for d in uow.documents.for_person(person_id)
            if d.id == doc_id and d.status.value == "valid"
        )
    form = {
        "csrf_token": csrf,
        "issuing_state": "CHN",
        "number": doc.number,
        "id_number": make_id_number("110101", person.birth_date, 7, True),
        "birth_date": person.birth_date.isoformat(),
        "kind": "lost",
    }
    response = client.post("/portal/report-loss", data=form)
    assert response.status_code == 404 and "no document of yours" in response.text
    with container.uow() as uow:
        assert uow.documents.find("CHN", doc.number).status.value == "valid"
    response = client.post("/portal/report-loss", data={**form, "birth_date": "1985-02-30"})
    assert response.status_code == 422
    response = client.post("/portal/report-loss", data={**form, "id_number": person.id_number})
    assert response.status_code == 200 and "挂失已登记" in response.text
    with container.uow() as uow:
        assert uow.documents.find("CHN", doc.number).status.value == "lost"


def _state(html: str) -> str:
    found = re.search(r'name="state" value="([^"]+)"', html)
    assert found is not None, html[-2000:]
    return found.group(1)


def test_kiosk_reads_the_card_refuses_bad_input_and_takes_a_paid_application(world) -> None:
    container, client, _ = world
    token = issue(container, Role.KIOSK_DEVICE)
    kiosk = TestClient(client.app, base_url="https://testserver")
    kiosk.headers["Authorization"] = f"Bearer {token}"
    start = kiosk.get("/kiosk")
    assert start.status_code == 200 and "请将身份证放在读卡区" in start.text
    good = citizen_id(seq=77)
    wrong = kiosk.post("/kiosk/idcard", data={"name_zh": "王芳", "id_number": good[:17] + "Y"})
    assert wrong.status_code == 422 and "17 digits and a check character" in wrong.text
    card = kiosk.post(
        "/kiosk/idcard", data={"name_zh": "王芳", "id_number": good, "address": "北京市西城区1号"}
    )
    assert card.status_code == 200 and "WANG FANG" in card.text
    state = _state(card.text)
    tampered = kiosk.post("/kiosk/submit", data={"state": state[:-2] + "00"})
    assert tampered.status_code == 422
    not_image = kiosk.post(
        "/kiosk/face", data={"state": state}, files={"photo": ("a.jpg", b"nope", "image/jpeg")}
    )
    assert not_image.status_code == 422
    if FACE.exists():
        face = kiosk.post(
            "/kiosk/face", data={"state": state}, files={"photo": ("f.jpg", FACE.read_bytes())}
        )
        assert face.status_code == 200, face.text[-1500:]
        state = _state(face.text)
    form = kiosk.post(
        "/kiosk/submit",
        data={"state": state, "app_type": "passport_first", "office_code": "OF-BJ-01"},
    )
    assert form.status_code == 200, form.text[-1500:]
    state = _state(form.text)
    for _ in range(2):  # pressed twice: charged once
        done = kiosk.post("/kiosk/pay", data={"state": state})
        assert done.status_code == 200 and "申请已提交并缴费" in done.text
    receipt = re.search(r'href="(/kiosk/receipt/[^"]+)"', done.text)
    assert receipt is not None
    pdf = kiosk.get(receipt.group(1).replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with container.uow() as uow:
        paid = uow.conn.execute(
            text("SELECT count(*), max(callbacks) FROM portal_payments WHERE payer LIKE 'kiosk:%'")
        ).one()
    assert tuple(paid) == (1, 2)
    _staff_scans_the_receipt(container, client, done.text)
    large = kiosk.get("/kiosk/large?on=1", follow_redirects=False)
    assert large.status_code == 303
    kiosk.cookies.set("kiosk_large", "1")
    assert 'class="kiosk large"' in kiosk.get("/kiosk").text
    kiosk.close()


def _staff_scans_the_receipt(container, client: TestClient, done_html: str) -> None:
    """The receipt's QR link, as a clerk's scanner opens it: genuine; altered: not genuine."""
    from guomen.portal.receipts import verification_url
    from webhelpers import login

    reference = re.search(r"(P1-\d{8}-[0-9A-F]+)", done_html)
    assert reference is not None
    with container.uow() as uow:
        application = uow.apps.applications.by_reference(reference.group(1))
        payment = uow.portal.payments.for_application(application.id)[0]
    key = container.portal_parts().receipt_key
    url = verification_url("https://testserver", key, reference.group(1), payment.gateway_txn)
    path = url.removeprefix("https://testserver")
    staff = TestClient(client.app, base_url="https://testserver")
    login(staff, "clerk.bj")
    genuine = staff.get(path)
    assert (
        genuine.status_code == 200 and "回执真实有效" in genuine.text and "已缴费" in genuine.text
    )
    forged = staff.get(path.replace("sig=", "sig=0"))
    assert forged.status_code == 422 and "回执不真实" in forged.text
    staff.close()


def test_pages_switch_to_english_and_the_outbox_is_demo_only(world) -> None:
    _, client, _ = world
    english = client.get("/portal?lang=en")
    assert "My applications" in english.text
    fresh = TestClient(client.app, base_url="https://testserver")
    assert "Sign in with a one-time code" in fresh.get("/portal?lang=en").text
    assert fresh.get("/portal/outbox").status_code == 404  # environment "test", not a demo
    fresh.close()


IMAGES = PHOTOS / "face_recognition" / "tests" / "test_images"
needs_faces = pytest.mark.skipif(not IMAGES.is_dir(), reason=f"{PHOTOS} is absent")


def _blank_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (200, 200, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@needs_faces
def test_application_photo_quality_is_checked(world) -> None:
    _, client, csrf = world
    blank = {"photo": ("blank.png", _blank_png(), "image/png")}
    refused = _refused(client, csrf, files=blank, id_number=citizen_id(seq=46))
    assert refused.status_code == 422
    assert "does not meet the requirements" in refused.text
    good = {"photo": ("me.jpg", (IMAGES / "obama.jpg").read_bytes(), "image/jpeg")}
    response = client.post(
        "/portal/apply",
        data=apply_form(csrf, id_number=citizen_id(seq=47)),
        files=good,
        follow_redirects=False,
    )
    assert response.status_code == 303


def _kiosk_face(kiosk: TestClient, name_zh: str, id_number: str, photo: str) -> str:
    card = kiosk.post(
        "/kiosk/idcard", data={"name_zh": name_zh, "id_number": id_number, "address": "北京"}
    )
    assert card.status_code == 200, card.text[-800:]
    face = kiosk.post(
        "/kiosk/face",
        data={"state": _state(card.text)},
        files={"photo": (photo, (IMAGES / photo).read_bytes(), "image/jpeg")},
    )
    assert face.status_code == 200, face.text[-800:]
    found = re.search(r'data-testid="kiosk-face">\s*([^<]+)', face.text)
    assert found is not None
    return found.group(1).strip()


@needs_faces
def test_kiosk_enrols_a_face_then_compares_later_captures_with_it(world) -> None:
    container, client, _ = world
    with container.uow() as uow:
        ids = uow.conn.execute(text("SELECT id FROM persons")).scalars().all()
        person = next(
            p
            for i in ids
            if (p := uow.people.get(i)) is not None
            and p.id_number
            and p.name_local
            and not uow.face_templates.for_person(p.id)
        )
    kiosk = TestClient(client.app, base_url="https://testserver")
    kiosk.headers["Authorization"] = f"Bearer {issue(container, Role.KIOSK_DEVICE)}"
    name = person.name_local or ""
    assert "此前没有留存照片" in _kiosk_face(kiosk, name, person.id_number, "obama.jpg")
    assert "人像与留存照片一致" in _kiosk_face(kiosk, name, person.id_number, "obama2.jpg")
    assert "未能比对一致" in _kiosk_face(kiosk, name, person.id_number, "biden.jpg")
    with container.uow() as uow:
        assert len(uow.face_templates.for_person(person.id)) == 1
        outcomes = (
            uow.conn.execute(
                text(
                    "SELECT outcome FROM audit_log WHERE action IN ('biometric.enrol', "
                    "'biometric.verify') AND object_id = :p ORDER BY seq"
                ),
                {"p": person.id},
            )
            .scalars()
            .all()
        )
    assert outcomes == ["enrolled", "match", "no_match"]
    kiosk.close()


def test_a_kiosk_browser_is_paired_once_with_its_device_token(world) -> None:
    container, client, _ = world
    browser = TestClient(client.app, base_url="https://testserver")
    assert browser.get("/kiosk").status_code == 401  # the pairing page
    gate = issue(container, Role.EGATE_DEVICE)
    assert browser.post("/kiosk/pair", data={"token": gate}).status_code == 403
    assert browser.post("/kiosk/pair", data={"token": "nonsense"}).status_code == 401
    paired = browser.post(
        "/kiosk/pair", data={"token": issue(container, Role.KIOSK_DEVICE)}, follow_redirects=False
    )
    assert paired.status_code == 303
    assert "samesite=strict" in paired.headers["set-cookie"].lower()
    page = browser.get("/kiosk")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None and token.group(1)
    card = {"name_zh": "王芳", "id_number": citizen_id(seq=88), "address": "北京"}
    assert browser.post("/kiosk/idcard", data=card).status_code == 422  # no CSRF token
    ok = browser.post("/kiosk/idcard", data={**card, "csrf_token": token.group(1)})
    assert ok.status_code == 200 and "WANG FANG" in ok.text
    browser.close()


def test_the_applicant_sees_the_status_and_the_reason_for_a_rejection(world) -> None:
    from guomen.adapters.application_checks import intake_checks
    from guomen.applications import services as apps
    from guomen.identity.services import principal_for_user

    container, client, csrf = world
    application_id = submit(client, csrf, id_number=citizen_id(seq=91))
    with container.uow() as uow:
        clerk = principal_for_user(uow.users.get_by_username("clerk.bj"))
        approver = principal_for_user(uow.users.get_by_username("approver.bj"))
    for who, step, reason in (
        (clerk, "accept", ""),
        (clerk, "review", ""),
        (approver, "reject", "照片不符合要求，请重新提交 (photo does not meet the rules)"),
    ):
        with container.uow() as uow:
            apps.advance(
                uow,
                container.clock,
                who,
                application_id,
                step,
                reason=reason,
                checks=intake_checks(container, uow),
            )
    page = client.get(f"/portal/applications/{application_id}")
    assert page.status_code == 200
    assert re.search(r'data-testid="status">不予批准<', page.text)
    assert "照片不符合要求" in page.text
    assert 'data-testid="pay"' not in page.text  # nothing to pay on a closed application
