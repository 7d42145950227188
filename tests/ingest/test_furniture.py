"""Page furniture is recognised; reporting that merely mentions social media is not."""

from __future__ import annotations

import pytest

from communique.ingest import is_furniture, strip_furniture


@pytest.mark.parametrize("line", [
    "Photo: KCNA via Reuters",
    "Image credit: Getty Images",
    "(Photo by Jane Doe/AFP via Getty Images)",
    "Follow Jane Doe on Facebook",
    "Follow us on Twitter @worlddesk",
    "— Some Reporter (@somereporter) June 23, 2019",
    "pic.twitter.com/abc123",
    "Leave a comment below",
    "Comments are closed.",
    "Sign up for our daily newsletter",
    "By Jane Doe",
    "By Jane Doe and John Roe, Seoul correspondents",
    "(Reporting by Joyce Lee; Editing by Tom Hogue)",
    "Read more: Kim meets Putin",
    "© 2019 World Desk",
])
def test_furniture_lines(line):
    assert is_furniture(line)


# One line per pattern that may match anywhere in a line, in capitals or mixed case: each
# must pass the word check that spares other lines the search.
@pytest.mark.parametrize("line", [
    "Kim and Moon at the border. PICTURES COURTESY OF KCNA",
    "Kim and Moon at the border. Getty Images",
    "Seoul, June 2 (AP Photo/Lee Jin-man)",
    "The summit in pictures - REUTERS/Jorge Silva",
    "Kim greets Moon (EPA-EFE/KCNA)",
    "Kim greets Moon, Shutterstock",
    "Kim greets Moon (Xinhua/Li Tao)",
    "The leaders meet. pic.twitter.com/abc123",
    "The leaders meet. View this post on Instagram",
    "The leaders meet. A post shared by World Desk",
    "Please Share This Article with your friends",
    "Tell us: Post Your Comments below",
    "All Comments Are Moderated",
    "Join The Debate on the summit",
    "Let Us Know What You Think",
    "The summit: What do you think?",
    "Never miss a story. SUBSCRIBE to our alerts",
])
def test_furniture_anywhere_in_a_line(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Kim Jong Un praised a personal letter from Trump.",
    "The president said he would follow the talks on Twitter closely.",
    "By Saturday the two sides had agreed on a statement.",
    "by the way, the talks went well",
    "Russia criticized the photo agency's coverage of the summit.",
])
def test_reporting_is_not_furniture(line):
    assert not is_furniture(line)


def test_wire_copy_is_unwrapped_but_paragraphs_stay():
    text, dropped = strip_furniture(
        "Showers continued throughout the week in\nthe Bahia cocoa zone.\n"
        "    The dry period means\nthe harvest will be late.\n\nPhoto: AP\nNew paragraph.")
    assert text == ("Showers continued throughout the week in the Bahia cocoa zone.\n\n"
                    "The dry period means the harvest will be late.\n\nNew paragraph.")
    assert dropped == ["Photo: AP"]
