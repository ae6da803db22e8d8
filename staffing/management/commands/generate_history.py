"""Generate a large, valid history on top of the demo: a data set for benchmarks.

    manage.py generate_history --seed 1 --scale 10            # on the demo (loaded first if empty)
    manage.py generate_history --seed 1 --scale 10 --reset    # reload the demo, then generate

`--scale S` is S times the demo's Secretariat: 36·S official and 6·S technical posts (at
least one more of each than the demo), and S × (500 people, 5,000 appointments, 50
permanent representative terms). Scale 10 gives about 5,000 people, 50,000 appointments,
500 representative terms and over 200,000 history rows, from 2004 (the Secretariat opened;
standings go back to 2001) to today. It is a stress data set: the volumes are the point,
not a plausible staffing pattern (contracts run for weeks, not years). The same seed and
scale give the same rows on the same day.

The schedule is valid by construction and then checked by the app's own rule audit:

- each post has a sequence of non-overlapping appointments; a person holds one post at a
  time (people are drawn from those free on the start day);
- an official is a national of the nominating state, which is a member with a free place
  in its quota on every day of the appointment: free places are tracked per state and per
  day, the demo's own officials included; technical staff are Chinese nationals;
- quota versions keep the demo's effective dates (one per membership change) and grow by
  the new posts, apportioned by the same budget shares, so no state loses a place.

Every row is written with its history (`bulk_create_with_history`), and the later
changes of an appointment (contract renewals, the end) are bulk updates with history
(`bulk_update_with_history`), dated the day they happened. An appointment is created
open-ended, so its successor on the same post or for the same person can only be written
after it has ended: appointments are written in levels (a level's predecessors all in
earlier levels), which keeps the PostgreSQL exclusion constraints satisfied throughout.
Representatives of the past are written as back-filled records, already ended: each
member state's current representative, from the demo, is open-ended.

Everything runs in one transaction; if the rule audit finds anything, nothing is kept.
"""

from __future__ import annotations

import heapq
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from secretariat.models import Department, PermanentRepresentative, Person, Secretariat, Standing, State
from staffing import quota
from staffing.audit import audit_rules
from staffing.management.commands.load_demo import (
    DEMO_MODELS,
    add_no_input_argument,
    record_counts,
    reset_confirmed,
)
from staffing.models import Appointment, Category, Post, QuotaLine, QuotaVersion, quota_rows
from staffing.quota import largest_remainder

REASON_PREFIX = "generate_history"
BATCH = 1000
ONE_DAY = timedelta(days=1)

# Per unit of scale: the demo's establishment, and the volumes of the brief (issue 9).
OFFICIAL_POSTS, TECHNICAL_POSTS = 36, 6
PEOPLE, APPOINTMENTS, REPRESENTATIVES = 500, 5000, 50

# Contracts per appointment (renewals + 1): about three, so that with the creation and the
# end an appointment leaves four history rows on average.
CONTRACTS = (1, 2, 3, 4, 5)
CONTRACT_WEIGHTS = (10, 25, 30, 20, 15)
EARLY_END = 0.15  # share of appointments that end before their contract does
EARLY_REASONS = (
    Appointment.EndReason.RESIGNED,
    Appointment.EndReason.RECALLED,
    Appointment.EndReason.TRANSFERRED,
    Appointment.EndReason.DISMISSED,
    Appointment.EndReason.OTHER,
)

GRADE_TITLES = {
    Post.Grade.COUNSELLOR: ("Counsellor", "Советник", "参赞"),
    Post.Grade.FIRST_SECRETARY: ("First Secretary", "Первый секретарь", "一等秘书"),
    Post.Grade.SECOND_SECRETARY: ("Second Secretary", "Второй секретарь", "二等秘书"),
    Post.Grade.THIRD_SECRETARY: ("Third Secretary", "Третий секретарь", "三等秘书"),
}
TECHNICAL_TITLES = [
    ("Interpreter (Chinese and Russian)", "Переводчик (китайский и русский языки)", "中俄文翻译"),
    ("IT technician", "Техник по информационным технологиям", "信息技术员"),
    ("Office assistant", "Делопроизводитель", "文秘"),
    ("Accounts assistant", "Помощник бухгалтера", "会计助理"),
    ("Driver", "Водитель", "司机"),
    ("Archivist", "Архивариус", "档案管理员"),
]
DEPARTMENT_PREFIXES = {
    "political": "POL",
    "economic": "ECO",
    "humanitarian": "HUM",
    "information-analytical": "INF",
    "administrative-legal": "ADM",
    "international-relations": "INT",
}

# --- Names --------------------------------------------------------------------------------
# Invented names in the original script; Cyrillic ones are transliterated for the Latin name.
# Each entry: male first names, female first names, male and female middle names
# (patronymics), surnames (male form; the female form is derived).


def _words(text: str) -> list[str]:
    return text.split()


CYRILLIC_NAMES = {
    "RU": (
        "Алексей Андрей Борис Вадим Виктор Глеб Денис Егор Игорь Кирилл Леонид Максим Никита Олег Роман",
        "Анна Вера Галина Дарья Елена Ирина Ксения Людмила Марина Надежда Оксана Полина Светлана Тамара Юлия",
        "Алексеевич Андреевич Борисович Викторович Иванович Николаевич Петрович Сергеевич",
        "Алексеевна Андреевна Борисовна Викторовна Ивановна Николаевна Петровна Сергеевна",
        "Белов Волков Григорьев Данилов Ершов Жуков Зайцев Козлов Лебедев Морозов Новиков Орлов Попов "
        "Соловьев Тихонов Федоров Чернов Широков Яковлев Баранов",
    ),
    "KZ": (
        "Айдар Арман Асхат Ерлан Жандос Ильяс Канат Марат Нурлан Руслан Серик Тимур Бауыржан Данияр Ержан",
        "Айгуль Алия Асель Гульнара Дана Динара Жанар Камила Лаура Мадина Сауле Томирис Айжан Сабина Жанна",
        "Ерланович Маратович Нурланович Каирович Бахытович Серикович",
        "Ерлановна Маратовна Нурлановна Каировна Бахытовна Сериковна",
        "Абишев Байжанов Ерланов Жумагулов Искаков Кенжебаев Мусин Омаров Сарсенов Тулегенов Утегенов "
        "Абенов Бекенов Ермеков Оспанов",
    ),
    "KG": (
        "Азамат Айбек Бакыт Кубан Мирлан Нурбек Талант Улан Эмиль Медер Адилет Бекжан Чынгыз Эркин Алмаз",
        "Айгерим Айпери Бермет Гулзат Жылдыз Нургуль Айнура Элмира Жибек Чолпон Назгуль Мээрим Асель Динара",
        "Асанович Бакирович Маратович Нурланович Талантович Уланович",
        "Асановна Бакировна Маратовна Нурлановна Талантовна Улановна",
        "Абдраимов Бакиров Джумабаев Исаков Кадыров Мамытов Осмонов Сатыбалдиев Токтогулов Усенов "
        "Чотонов Эсенов Асанов Бекташев Турдубаев",
    ),
    "TJ": (
        "Алишер Бахтиёр Далер Джамшед Зафар Илхом Комрон Рустам Сухроб Умед Фаррух Шерали Парвиз Хуршед",
        "Гулнора Дилноза Зарина Мадина Нигина Парвина Рухшона Тахмина Фарангис Шахноза Мунира Нилуфар Ситора",
        "Азимович Бобоевич Давлатович Каримович Назарович Рахимович",
        "Азимовна Бобоевна Давлатовна Каримовна Назаровна Рахимовна",
        "Азимов Бобоев Гаффоров Давлатов Каримов Мирзоев Назаров Одинаев Рахимов Сафаров Табаров Умаров "
        "Хакимов Шарипов Юсуфов",
    ),
    "UZ": (
        "Азиз Бобур Джахонгир Ильхом Жасур Отабек Рустам Санжар Темур Улугбек Фаррух Шерзод Шухрат Бехзод",
        "Гулчехра Дилфуза Зулфия Камола Лола Малика Нодира Севара Умида Феруза Шахло Юлдуз Мохира Нигора",
        "Азизович Бахтиярович Ильхомович Рустамович Шухратович Фарходович",
        "Азизовна Бахтияровна Ильхомовна Рустамовна Шухратовна Фарходовна",
        "Абдуллаев Ахмедов Валиев Гафуров Исмаилов Каримов Мирзаев Назаров Рахманов Султанов Турсунов "
        "Усманов Хамидов Юлдашев Ташкентов",
    ),
    "BY": (
        "Алесь Андрэй Аляксандр Васіль Віктар Дзмітрый Ігар Кірыл Максім Мікалай Павел Раман Сяргей Юрый",
        "Алена Ганна Ірына Кацярына Людміла Марына Надзея Вольга Святлана Таццяна Юлія Вераніка Алеся Ніна",
        "Аляксандравіч Іванавіч Міхайлавіч Пятровіч Сяргеевіч",
        "Аляксандраўна Іванаўна Міхайлаўна Пятроўна Сяргееўна",
        "Бабровіч Вашкевіч Гайдукевіч Дашкевіч Жукевіч Карповіч Лукашэвіч Мароз Навумовіч Пашкевіч "
        "Русаковіч Сянкевіч Ткачук Юрэвіч Кухарчык",
    ),
}
TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіў",
        _words("a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i w"),
        strict=True,
    )
)
TRANSLIT["ъ"] = TRANSLIT["ь"] = ""
BELARUSIAN = {"г": "h", "я": "ia", "ю": "iu"}

# (Latin, original) pairs: first names (male, female) and surnames.
OTHER_NAMES = {
    "IN": (
        "Aarav:आरव Aditya:आदित्य Amit:अमित Anil:अनिल Arjun:अर्जुन Deepak:दीपक Karan:करण Manoj:मनोज "
        "Rahul:राहुल Rajesh:राजेश Sanjay:संजय Suresh:सुरेश Vikram:विक्रम Vivek:विवेक",
        "Ananya:अनन्या Deepa:दीपा Divya:दिव्या Kavita:कविता Lakshmi:लक्ष्मी Meera:मीरा Neha:नेहा "
        "Pooja:पूजा Priya:प्रिया Radha:राधा Sunita:सुनीता Anjali:अंजलि",
        "Agarwal:अग्रवाल Bhat:भट Chopra:चोपड़ा Desai:देसाई Gupta:गुप्ता Iyer:अय्यर Joshi:जोशी Kapoor:कपूर "
        "Kumar:कुमार Mehta:मेहता Nair:नायर Patel:पटेल Rao:राव Reddy:रेड्डी Sharma:शर्मा Verma:वर्मा",
    ),
    "PK": (
        "Ahmed:احمد Ali:علی Bilal:بلال Faisal:فیصل Hamza:حمزہ Hassan:حسن Imran:عمران Kamran:کامران "
        "Omar:عمر Saad:سعد Tariq:طارق Usman:عثمان Waqar:وقار Zubair:زبیر",
        "Ayesha:عائشہ Fatima:فاطمہ Hina:حنا Maryam:مریم Nadia:نادیہ Rabia:رابعہ Saima:صائمہ Sana:ثنا "
        "Zainab:زینب Amna:آمنہ Mehwish:مہوش Iqra:اقرا",
        "Akhtar:اختر Butt:بٹ Chaudhry:چودھری Hussain:حسین Iqbal:اقبال Javed:جاوید Khan:خان Malik:ملک "
        "Mirza:مرزا Qureshi:قریشی Rana:رانا Shah:شاہ Sheikh:شیخ Siddiqui:صدیقی Zaidi:زیدی",
    ),
    "IR": (
        "Ali:علی Amir:امیر Babak:بابک Dariush:داریوش Farhad:فرهاد Hamid:حمید Hossein:حسین Kaveh:کاوه "
        "Mehdi:مهدی Mohsen:محسن Omid:امید Reza:رضا Saeed:سعید Behrouz:بهروز",
        "Azadeh:آزاده Fatemeh:فاطمه Leila:لیلا Mahsa:مهسا Maryam:مریم Nasrin:نسرین Parisa:پریسا "
        "Roya:رویا Sara:سارا Shirin:شیرین Zahra:زهرا Nazanin:نازنین",
        "Ahmadi:احمدی Alavi:علوی Bagheri:باقری Ebrahimi:ابراهیمی Ghasemi:قاسمی Hosseini:حسینی "
        "Jafari:جعفری Karimi:کریمی Mohammadi:محمدی Moradi:مرادی Najafi:نجفی Rahimi:رحیمی "
        "Rezaei:رضایی Sadeghi:صادقی Tehrani:تهرانی",
    ),
}
CHINESE_SURNAMES = (
    "Wang:王 Li:李 Zhang:张 Liu:刘 Chen:陈 Yang:杨 Zhao:赵 Huang:黄 Zhou:周 Wu:吴 Xu:徐 Sun:孙 Hu:胡 "
    "Zhu:朱 Gao:高 Lin:林 He:何 Guo:郭 Ma:马 Luo:罗"
)
CHINESE_GIVEN = (
    "jian:建 guo:国 hua:华 ming:明 wei:伟 fang:芳 li:丽 jun:军 hong:红 xia:霞 ping:平 yong:勇 jie:杰 "
    "tao:涛 yan:燕 lei:磊 qiang:强 hui:慧 ning:宁 bo:波"
)


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(item.split(":")) for item in text.split()]


def _latin(word: str, code: str) -> str:
    table = {**TRANSLIT, **BELARUSIAN} if code == "BY" else TRANSLIT
    text = "".join(table.get(letter, letter) for letter in word.lower())
    return text[:1].upper() + text[1:]


def _female_surname(surname: str, code: str) -> str:
    if code == "BY":
        return surname  # -віч, -чук, -чык, Мароз: the same for women
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def name_candidates(code: str, rng: random.Random):
    """An endless stream of (Latin, original script) names plausible for the state's nationals."""
    if code == "CN":
        surnames, given = _pairs(CHINESE_SURNAMES), _pairs(CHINESE_GIVEN)
        while True:
            (s, s_zh), (g1, g1_zh), (g2, g2_zh) = rng.choice(surnames), rng.choice(given), rng.choice(given)
            yield f"{s} {g1.capitalize()}{g2}", f"{s_zh}{g1_zh}{g2_zh}"
    if code in CYRILLIC_NAMES:
        male, female, middle_m, middle_f, surnames = (_words(part) for part in CYRILLIC_NAMES[code])
        while True:
            surname = rng.choice(surnames)
            if rng.random() < 0.5:
                parts = [rng.choice(male), rng.choice(middle_m), surname]
            else:
                parts = [rng.choice(female), rng.choice(middle_f), _female_surname(surname, code)]
            yield " ".join(_latin(part, code) for part in parts), " ".join(parts)
    male, female, surnames = (_pairs(part) for part in OTHER_NAMES.get(code, OTHER_NAMES["IN"]))
    while True:
        first, surname = rng.choice(male if rng.random() < 0.5 else female), rng.choice(surnames)
        # A second given name now and then: more distinct names from the same short lists.
        parts = [first, rng.choice(male + female), surname] if rng.random() < 0.5 else [first, surname]
        yield " ".join(p[0] for p in parts), " ".join(p[1] for p in parts)


# --- The schedule ---------------------------------------------------------------------------


@dataclass
class Slot:
    """A post being filled over time."""

    post: Post
    official: bool
    last: int | None = None  # index of its latest appointment


@dataclass
class Planned:
    """One appointment: its creation and every later change, each with the day it happened."""

    slot: Slot
    person: int  # index into the people list
    state: State | None
    start: date
    # (day, contract end, end date, end reason): the first is the creation.
    states: list[tuple[date, date, date | None, str]]
    level: int = 0


@dataclass
class PersonPlan:
    state: State
    name_latin: str
    name_original: str
    first_day: date | None = None
    appointments: int = 0
    last: int | None = None  # index of the latest appointment


@dataclass
class Plan:
    people: list[PersonPlan] = field(default_factory=list)
    appointments: list[Planned] = field(default_factory=list)
    representatives: list[tuple[State, int, date, date]] = field(default_factory=list)
    delayed: int = 0


class Progress:
    """A textual progress bar on stderr: `[##########----------]  50%  label  2,500/5,000  3.1 s`."""

    WIDTH = 30

    def __init__(self, stream, label: str, total: int, enabled: bool = True):
        self.stream, self.label, self.total, self.enabled = stream, label, max(total, 1), enabled
        self.done, self.started, self.drawn = 0, time.monotonic(), 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and now - self.drawn >= 0.25:
            self.drawn = now
            self._draw()

    def close(self) -> float:
        elapsed = time.monotonic() - self.started
        if self.enabled:
            self.done = max(self.done, self.total)
            self._draw()
            self._write("\n")
        return elapsed

    def _draw(self) -> None:
        share = min(self.done / self.total, 1.0)
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        self._write(
            f"\r[{bar}] {share:4.0%}  {self.label:<28} {self.done:>9,}/{self.total:,}  {elapsed:6.1f} s"
        )

    def _write(self, text: str) -> None:
        # A command's stderr ends every write with a newline and colours it as an error:
        # neither, so that the bar redraws in place.
        self.stream.write(text, style_func=str, ending="")
        self.stream.flush()


class Command(BaseCommand):
    help = "Generate a large valid history on top of the demo (benchmarks): see the module docstring."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--scale", type=float, default=10.0, help="Times the demo (default 10).")
        parser.add_argument(
            "--reset", action="store_true", help="Reload the demo first (deletes every record)."
        )
        add_no_input_argument(parser)

    def handle(
        self,
        *args,
        seed: int,
        scale: float,
        reset: bool,
        interactive: bool = True,
        verbosity: int = 1,
        **options,
    ) -> None:
        if scale <= 0:
            raise CommandError("--scale must be more than zero.")
        if reset and not reset_confirmed(self, interactive):
            return
        self.verbosity = verbosity
        self.rng = random.Random(seed)
        self.reason = f"{REASON_PREFIX} --seed {seed} --scale {scale:g}"
        self.today = timezone.localdate()
        self.now = timezone.now()
        started = time.monotonic()
        with transaction.atomic():
            self._start_from_the_demo(reset)
            self._read_reference()
            new_posts = self._plan_posts(scale)
            self._scale_quotas(len([slot for slot in new_posts if slot.official]))
            plan = self._schedule(new_posts, scale)
            self._plan_representatives(plan, scale)
            self._write(plan, new_posts)
            self.say("Checking every rule (staffing.audit.audit_rules) ...")
            audit_started = time.monotonic()
            violations = audit_rules()
            audit_seconds = time.monotonic() - audit_started
            if violations:
                shown = "\n".join(violations[:20])
                raise CommandError(
                    f"The generated data breaks {len(violations)} rule(s); nothing was kept:\n{shown}"
                )
        self.say(f"Rule audit: no rule broken ({audit_seconds:.1f} s).")
        self._analyze()
        self._report(plan, time.monotonic() - started)

    def _analyze(self) -> None:
        """Fresh planner statistics for the tables just filled (PostgreSQL).

        Without them the planner takes the tables for the empty ones they were, until
        autovacuum comes by (if it is on at all), and picks plans fit for a few rows.
        """
        if connection.vendor != "postgresql":
            return
        models = [*DEMO_MODELS, *(model.history.model for model in DEMO_MODELS)]
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        # VACUUM also clears the dead rows the updates left; it cannot run in a transaction.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {tables}")

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

    # --- Preparation ----------------------------------------------------------------------

    def _start_from_the_demo(self, reset: bool) -> None:
        if reset:
            call_command("load_demo", reset=True, interactive=False, verbosity=0)
        elif not record_counts():
            call_command("load_demo", verbosity=0)
        elif Post.history.filter(history_change_reason__startswith=REASON_PREFIX).exists():
            raise CommandError("This database already holds generated history: add --reset to start again.")
        else:
            demo = json.loads((settings.BASE_DIR / "fixtures" / "establishment.json").read_text("utf-8"))
            demo_posts = {row["fields"]["code"] for row in demo if row["model"] == "staffing.post"}
            if set(Post.objects.values_list("code", flat=True)) != demo_posts:
                raise CommandError(
                    "The records here are not the demo's: generate only on the demo (add --reset to "
                    "replace every record with the demo first)."
                )

    def _read_reference(self) -> None:
        self.secretariat = Secretariat.objects.current()
        self.host = self.secretariat.host_state
        self.day0 = self.secretariat.opened_on
        self.states = {state.pk: state for state in State.objects.all()}
        self.memberships: dict[int, list[tuple[date, date | None]]] = {}
        for standing in Standing.objects.filter(status=Standing.Status.MEMBER):
            self.memberships.setdefault(standing.state_id, []).append(
                (standing.start_date, standing.end_date)
            )

    def _plan_posts(self, scale: float) -> list[Slot]:
        """The new posts: officials spread over the six departments, technical staff too."""
        existing = Post.objects.filter(category=Category.OFFICIAL).count()
        technical = Post.objects.filter(category=Category.TECHNICAL).count()
        new_official = max(1, round(OFFICIAL_POSTS * scale) - existing)
        new_technical = max(1, round(TECHNICAL_POSTS * scale) - technical)
        departments = [Department.objects.get(code=code) for code in DEPARTMENT_PREFIXES]
        counts = {
            department.pk: Post.objects.filter(department=department, category=Category.OFFICIAL).count()
            for department in departments
        }
        grades = list(GRADE_TITLES)
        slots = []
        for index in range(new_official):
            department = departments[index % len(departments)]
            counts[department.pk] += 1
            number = counts[department.pk]
            grade = grades[(number - 1) % len(grades)]
            en, ru, zh = GRADE_TITLES[grade]
            post = Post(
                code=f"{DEPARTMENT_PREFIXES[department.code]}-{number:03d}",
                title_en=en,
                title_ru=ru,
                title_zh=zh,
                department=department,
                grade=grade,
                category=Category.OFFICIAL,
                position=number,
                start_date=self.day0,
            )
            slots.append(Slot(post=post, official=True))
        for index in range(new_technical):
            number = technical + index + 1
            en, ru, zh = TECHNICAL_TITLES[index % len(TECHNICAL_TITLES)]
            post = Post(
                code=f"TEC-{number:03d}",
                title_en=en,
                title_ru=ru,
                title_zh=zh,
                department=departments[index % len(departments)],
                grade=Post.Grade.TECHNICAL,
                category=Category.TECHNICAL,
                position=500 + number,
                start_date=self.day0,
            )
            slots.append(Slot(post=post, official=False))
        return slots

    def _scale_quotas(self, new_official: int) -> None:
        """Every quota version grows by the new posts, apportioned by the same budget shares.

        Adding the new places to the demo's keeps every state's places at least what they
        were (a fresh apportionment of the larger establishment could take a place away:
        the Alabama paradox), so the demo's officials stay within quota.
        """
        size = self.secretariat.establishment_size + new_official
        versions = list(QuotaVersion.objects.prefetch_related("lines"))
        changed_lines = []
        for version in versions:
            lines = list(version.lines.all())
            shares = {line.state_id: line.budget_share or 1 for line in lines}
            extra = largest_remainder(shares, size - version.establishment_size)
            for line in lines:
                line.places += extra[line.state_id]
                changed_lines.append(line)
            version.basis = (
                f"{version.basis} Generated data: {size - version.establishment_size} more places for "
                f"the generated posts, apportioned by the same shares."
            ).strip()
            version.establishment_size = size
        bulk_update_with_history(
            versions, QuotaVersion, ["establishment_size", "basis"], default_change_reason=self.reason
        )
        bulk_update_with_history(changed_lines, QuotaLine, ["places"], default_change_reason=self.reason)
        self.secretariat.establishment_size = size
        self.secretariat._change_reason = self.reason
        self.secretariat.save()

    # --- The schedule ---------------------------------------------------------------------

    def _index(self, day: date) -> int:
        return (day - self.day0).days

    def _free_places(self) -> dict[int, list[int]]:
        """Free quota places per member state and per day, from the opening to the horizon.

        The horizon is the last day on which a quota or a membership changes, or today if
        later: after it nothing changes, so an open appointment that fits up to the horizon
        fits for ever. The demo's officials take their places first: the free places are
        the quota rule's (`staffing.quota.quota_use`), from the rows as the demo left them.
        """
        rows = quota_rows()
        boundaries = set(rows.version_days)
        for periods in self.memberships.values():
            for start, end in periods:
                boundaries.add(start)
                if end is not None:
                    boundaries.add(end + ONE_DAY)
        self.horizon = self._index(max([self.today, *boundaries]))
        self.boundaries = sorted(self._index(day) for day in boundaries if day > self.day0)
        days = [self.day0 + timedelta(days=day) for day in range(self.horizon + 1)]
        # In the members' order, then any other nominating state by code: the people drawn
        # later follow this order, so it must not depend on primary keys (same seed, same rows).
        others = sorted(rows.states() - set(self.memberships), key=lambda state: self.states[state].code)
        return {
            state: [quota.quota_use(rows, state=state, day=day).free for day in days]
            for state in [*self.memberships, *others]
        }

    def _people_per_state(
        self, free: dict[int, list[int]], count: int, technical_share: float
    ) -> dict[int, int]:
        """The staff's nationalities, in proportion to the quota places over the years."""
        weights = {state: sum(max(places, 0) for places in row) for state, row in free.items()}
        total = sum(weights.values()) or 1
        shares = {state: weight / total * (1 - technical_share) for state, weight in weights.items()}
        shares[self.host.pk] = shares.get(self.host.pk, 0) + technical_share
        shares = {state: share for state, share in shares.items() if share > 0}
        return largest_remainder(shares, count)

    def _schedule(self, slots: list[Slot], scale: float) -> Plan:
        rng = self.rng
        plan = Plan()
        free = self._free_places()
        today = self._index(self.today)
        target = max(1, round(APPOINTMENTS * scale))
        # The mean days from one start to the next on a post, so that the posts hold `target`
        # appointments from the opening to today; a tenth of it is the vacancy between holders.
        cycle = len(slots) * (today + 1) / target
        gap = max(1, round(cycle * 0.1))
        contracts = sum(c * w for c, w in zip(CONTRACTS, CONTRACT_WEIGHTS, strict=True)) / sum(
            CONTRACT_WEIGHTS
        )
        length = max(2, round((cycle - gap) / contracts))

        staff = max(1, round(PEOPLE * scale) - max(1, round(REPRESENTATIVES * scale)))
        technical_share = sum(1 for slot in slots if not slot.official) / len(slots)
        names = {code: name_candidates(code, rng) for code in ("CN",)}
        taken = {
            (name, nationality)
            for name, nationality in Person.objects.values_list("name_latin", "nationality_id")
        }
        self.names, self.taken = names, taken
        waiting: dict[int, list[tuple[int, int]]] = {}  # state: heap of (first free day, person)
        for state, count in self._people_per_state(free, staff, technical_share).items():
            waiting[state] = []
            for _ in range(count):
                heapq.heappush(waiting[state], (0, self._new_person(plan, state)))
        available: dict[int, list[int]] = {state: [] for state in waiting}

        def person_for(state: int, day: int) -> int:
            heap, pool = waiting.setdefault(state, []), available.setdefault(state, [])
            while heap and heap[0][0] <= day:
                pool.append(heapq.heappop(heap)[1])
            if not pool:
                return self._new_person(plan, state)  # everyone of that state is busy: one more
            index = rng.randrange(len(pool))
            pool[index], pool[-1] = pool[-1], pool[index]
            return pool.pop()

        queue = [(0, number) for number in range(len(slots))]
        heapq.heapify(queue)
        progress = Progress(self.stderr, "scheduling appointments", today, self.verbosity >= 1)
        members = list(self.memberships)
        while queue:
            start, number = heapq.heappop(queue)
            if start > today:
                continue
            progress.advance(start - progress.done)
            slot = slots[number]
            states, end = self._contracts(start, today, length)
            last = self.horizon if end is None else end
            state = None
            if slot.official:
                state = self._choose_state(free, members, start, last)
                if state is None and end is not None:
                    # Perhaps a quota shrinks during the appointment (a new member joins):
                    # one contract up to the day before the change may still fit.
                    change = next((day for day in self.boundaries if start < day <= last), None)
                    if change is not None:
                        end = last = change - 1
                        states = [
                            (start, end, None, ""),
                            (end, end, end, Appointment.EndReason.CONTRACT_ENDED),
                        ]
                        state = self._choose_state(free, members, start, last)
                if state is None:
                    plan.delayed += 1
                    heapq.heappush(queue, (start + gap, number))
                    continue
                row = free[state]
                row[start : last + 1] = [places - 1 for places in row[start : last + 1]]
            person = person_for(state if state is not None else self.host.pk, start)
            self._record(plan, slot, person, state, start, states)
            if end is not None:
                heapq.heappush(waiting.setdefault(plan.people[person].state.pk, []), (end + 1, person))
                heapq.heappush(queue, (end + 1 + rng.randint(0, 2 * gap), number))
        progress.close()
        return plan

    def _contracts(self, start: int, today: int, length: int) -> tuple[list, int | None]:
        """Contracts from `start`: the creation, each renewal and the end (None while serving)."""
        rng = self.rng
        contracts = rng.choices(CONTRACTS, CONTRACT_WEIGHTS)[0]
        planned = start + rng.randint(max(1, length // 2), length * 3 // 2) - 1
        states = [(start, planned, None, "")]
        for _ in range(contracts - 1):
            if planned >= today:
                break
            # Renewed a few days before the contract runs out, never before the last change.
            decided = max(states[-1][0], planned - rng.randint(0, 7))
            planned += rng.randint(max(1, length // 2), length * 3 // 2)
            states.append((decided, planned, None, ""))
        if planned >= today:
            return states, None
        if rng.random() < EARLY_END:
            end = rng.randint(max(start, states[-1][0]), planned)
            reason = rng.choice(EARLY_REASONS) if end < planned else Appointment.EndReason.CONTRACT_ENDED
        else:
            end, reason = planned, Appointment.EndReason.CONTRACT_ENDED
        states.append((end, planned, end, reason))
        return states, end

    def _choose_state(
        self, free: dict[int, list[int]], members: list[int], first: int, last: int
    ) -> int | None:
        """A member state with a free place on every day from first to last, by free places."""
        candidates = [state for state in members if min(free[state][first : last + 1]) > 0]
        if not candidates:
            return None
        return self.rng.choices(candidates, [free[state][first] for state in candidates])[0]

    def _new_person(self, plan: Plan, state: int) -> int:
        nationality = self.states[state]
        names = self.names.setdefault(nationality.code, name_candidates(nationality.code, self.rng))
        name_latin, name_original = next(names)
        while (name_latin, state) in self.taken:
            name_latin, name_original = next(names)
        self.taken.add((name_latin, state))
        plan.people.append(PersonPlan(nationality, name_latin, name_original))
        return len(plan.people) - 1

    def _record(
        self, plan: Plan, slot: Slot, person: int, state: int | None, start: int, states: list
    ) -> None:
        def day(number: int) -> date:
            return self.day0 + timedelta(days=number)

        planned = Planned(
            slot=slot,
            person=person,
            state=self.states[state] if state is not None else None,
            start=day(start),
            states=[
                (
                    day(when),
                    day(contract_end),
                    None if end is None else day(end),
                    reason,
                )
                for when, contract_end, end, reason in states
            ],
        )
        index = len(plan.appointments)
        # Written after the post's and the person's previous appointments have ended.
        previous = [
            plan.appointments[i].level for i in (slot.last, plan.people[person].last) if i is not None
        ]
        planned.level = 1 + max(previous, default=0)
        plan.appointments.append(planned)
        slot.last = plan.people[person].last = index
        who = plan.people[person]
        who.appointments += 1
        if who.first_day is None:
            who.first_day = planned.start

    def _plan_representatives(self, plan: Plan, scale: float) -> None:
        """Past permanent representatives of each member state, before the demo's current one."""
        rng = self.rng
        current = {rep.state_id: rep.start_date for rep in PermanentRepresentative.objects.all()}
        windows = {}
        for state, periods in self.memberships.items():
            start = max(self.day0, min(period_start for period_start, _end in periods))
            end = current.get(state, self.today) - ONE_DAY
            if (end - start).days >= 30 and self.states[state].is_member_throughout(start, end):
                windows[state] = (start, end)
        if not windows:
            return
        total = max(1, round(REPRESENTATIVES * scale))
        terms = largest_remainder(
            {state: (end - start).days for state, (start, end) in windows.items()}, total
        )
        for state, count in terms.items():
            if not count:
                continue
            start, end = windows[state]
            cycle = (end - start).days / count
            day = start
            for _ in range(count):
                if day > end:
                    break
                last = min(end, day + timedelta(days=max(1, round(cycle * rng.uniform(0.7, 0.95))) - 1))
                person = self._new_person(plan, state)
                plan.people[person].first_day = day
                plan.representatives.append((self.states[state], person, day, last))
                day = last + timedelta(days=1 + rng.randint(0, max(1, round(cycle * 0.05))))

    # --- Writing --------------------------------------------------------------------------

    def _moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        """When a change was recorded: that day in working hours, never after now."""
        moment = timezone.make_aware(datetime.combine(day, clock(hour, minute % 60)))
        return min(moment, self.now)

    def _write(self, plan: Plan, slots: list[Slot]) -> None:
        rng = self.rng
        changes = sum(len(planned.states) for planned in plan.appointments)
        total = len(slots) + len(plan.people) + len(plan.representatives) + changes
        progress = Progress(self.stderr, "writing rows with history", total, self.verbosity >= 1)

        posts = [slot.post for slot in slots]
        for post in posts:
            post._history_date = self._moment(self.day0 - timedelta(days=14), 10)
        bulk_create_with_history(posts, Post, batch_size=BATCH, default_change_reason=self.reason)
        progress.advance(len(posts))

        people = []
        for who in plan.people:
            person = Person(
                name_latin=who.name_latin,
                name_original=who.name_original,
                nationality=who.state,
                is_fictional=True,
            )
            first = who.first_day or self.day0
            person._history_date = self._moment(first - timedelta(days=rng.randint(1, 30)), 11)
            people.append(person)
        bulk_create_with_history(people, Person, batch_size=BATCH, default_change_reason=self.reason)
        progress.advance(len(people))

        levels: dict[int, list[Planned]] = {}
        for planned in plan.appointments:
            levels.setdefault(planned.level, []).append(planned)
        fields = ["planned_end_date", "end_date", "end_reason"]
        for level in sorted(levels):
            group = levels[level]
            objects = []
            for planned in group:
                day, contract_end, end, reason = planned.states[0]
                appointment = Appointment(
                    person=people[planned.person],
                    post=planned.slot.post,
                    nominated_by=planned.state,
                    start_date=planned.start,
                    planned_end_date=contract_end,
                    end_date=end,
                    end_reason=reason,
                )
                appointment._history_date = self._moment(day, 9, planned.person)
                objects.append(appointment)
            bulk_create_with_history(
                objects, Appointment, batch_size=BATCH, default_change_reason=self.reason
            )
            progress.advance(len(objects))
            # A change that is not an appointment's last is history only (no fields to
            # update): the row itself is updated once, to the state its last change left it
            # in, and that update writes its own history row. Step by step, so that each
            # appointment's history rows follow one another in the order of its changes.
            step = 1
            while True:
                snapshots, finals = [], []
                for planned, appointment in zip(group, objects, strict=True):
                    if step < len(planned.states):
                        self._apply(appointment, planned.states[step], step)
                        (finals if step == len(planned.states) - 1 else snapshots).append(appointment)
                if not snapshots and not finals:
                    break
                for changed, update in ((snapshots, []), (finals, fields)):
                    if changed:
                        bulk_update_with_history(
                            changed, Appointment, update, batch_size=BATCH, default_change_reason=self.reason
                        )
                progress.advance(len(snapshots) + len(finals))
                step += 1

        representatives = []
        for state, person, start, end in plan.representatives:
            # Back-filled from the archive: written once, already ended.
            representative = PermanentRepresentative(
                state=state, person=people[person], start_date=start, end_date=end
            )
            representative._history_date = self.now
            representatives.append(representative)
        bulk_create_with_history(
            representatives, PermanentRepresentative, batch_size=BATCH, default_change_reason=self.reason
        )
        progress.advance(len(representatives))
        self.write_seconds = progress.close()

    def _apply(self, appointment: Appointment, change: tuple, step: int) -> None:
        day, contract_end, end, reason = change
        appointment.planned_end_date, appointment.end_date, appointment.end_reason = contract_end, end, reason
        appointment._history_date = self._moment(day, 12 if end is None else 16, step)

    def _report(self, plan: Plan, seconds: float) -> None:
        counts = record_counts()
        history = sum(model.history.count() for model in DEMO_MODELS)
        levels = max((planned.level for planned in plan.appointments), default=0)
        described = ", ".join(
            f"{count:,} {model._meta.verbose_name_plural}" for model, count in reversed(counts.items())
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated in {seconds:.1f} s (writing {self.write_seconds:.1f} s, {levels} levels). "
                f"Now: {described}; {history:,} history rows."
            )
        )
        if self.verbosity >= 2:
            open_ = sum(1 for planned in plan.appointments if planned.states[-1][2] is None)
            self.stdout.write(
                f"Generated: {len(plan.appointments):,} appointments ({open_} serving), "
                f"{len(plan.people):,} people, {len(plan.representatives)} representative terms; "
                f"{plan.delayed:,} starts delayed for want of a free quota place."
            )
