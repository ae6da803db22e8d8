"""Posts: one holder at a time, category and grade, abolition, vacant posts on a date."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from staffing import services
from staffing.models import Appointment, Category, Post
from tests import factories
from tests.assertions import codes, database_refuses, refusal
from tests.helpers import form_data, form_errors, official, url
from tests.world import DAY

pytestmark = pytest.mark.django_db


def test_a_post_has_one_holder_at_a_time(roomy):
    post = factories.PostFactory()
    first = services.appointment_save(
        appointment=official(roomy["RU"], date(2019, 1, 1), date(2021, 12, 31), post=post)
    )
    error = refusal(
        lambda a: services.appointment_save(appointment=a),
        official(roomy["KZ"], date(2021, 12, 31), post=post),
    )
    assert codes(error, "post") == ["overlap"]
    assert str(first) in error.message_dict["post"][0]
    assert services.appointment_save(appointment=official(roomy["KZ"], date(2022, 1, 1), post=post)).pk


@pytest.mark.postgres
def test_the_database_refuses_two_holders_of_one_post_at_a_time(roomy):
    first = factories.AppointmentFactory(nominated_by=roomy["RU"], start_date=date(2019, 1, 1))
    error = database_refuses(
        lambda: factories.AppointmentFactory(
            post=first.post, nominated_by=roomy["KZ"], start_date=date(2023, 12, 31)
        )
    )
    assert "staffing_appointment_post_no_overlap" in str(error)


@pytest.mark.postgres
def test_the_database_accepts_holders_of_one_post_end_to_end(roomy):
    first = factories.AppointmentFactory(
        nominated_by=roomy["RU"],
        start_date=date(2019, 1, 1),
        end_date=date(2021, 12, 31),
        end_reason="resigned",
    )
    factories.AppointmentFactory(post=first.post, nominated_by=roomy["KZ"], start_date=date(2022, 1, 1))
    assert first.post.appointments.count() == 2


def test_a_post_keeps_its_category_while_it_has_had_holders(roomy):
    appointment = services.appointment_save(appointment=official(roomy["RU"], date(2020, 1, 1)))
    post = appointment.post
    post.category, post.grade = Category.TECHNICAL, Post.Grade.TECHNICAL
    error = refusal(lambda p: services.post_update(post=p), post)
    assert codes(error, "category") == ["post_has_holders"]


def test_a_post_cannot_be_abolished_before_its_holder_leaves(roomy):
    appointment = services.appointment_save(
        appointment=official(roomy["RU"], date(2020, 1, 1), date(2023, 12, 31))
    )
    post = appointment.post
    post.end_date = date(2022, 12, 31)
    error = refusal(lambda p: services.post_update(post=p), post)
    assert codes(error, "end_date") == ["post_outlived_by_appointment"]
    post.end_date = date(2023, 12, 31)
    assert services.post_update(post=post).end_date == date(2023, 12, 31)


def test_a_technical_post_has_the_technical_grade_and_only_it(roomy):
    wrong = Post(
        code="T-1",
        title_en="Clerk",
        department=factories.DepartmentFactory(),
        grade="technical",
        category=Category.OFFICIAL,
        start_date=date(2004, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        wrong.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        "Technical posts, and only they, have the technical staff grade."
    ]
    database_refuses(wrong.save)


def test_a_post_cannot_be_abolished_before_it_exists(roomy):
    post = factories.PostFactory.build(
        department=factories.DepartmentFactory(), start_date=date(2010, 1, 1), end_date=date(2009, 1, 1)
    )
    error = refusal(lambda p: services.post_update(post=p), post)
    assert error.message_dict[NON_FIELD_ERRORS] == ["The end date is before the start date."]
    database_refuses(post.save)


def test_the_admin_refuses_to_turn_a_held_post_technical(admin_client, records):
    post = Appointment.objects.filter(nominated_by=records["KZ"]).get().post
    page = admin_client.get(url(Post, "change", post.pk))
    data = form_data(page) | {"category": Category.TECHNICAL, "grade": Post.Grade.TECHNICAL}
    response = admin_client.post(url(Post, "change", post.pk), data)
    assert form_errors(response)["category"] == ["People have held this post: its category cannot change."]


def test_vacant_posts_on_a_date_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        vacant = {post.code for post in Post.objects.vacant_on(DAY)}
    assert vacant == world.vacant
