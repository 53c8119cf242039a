from jobs.tasks import daily_rates, nightly_backup


def main():
    for _ in range(3):
        daily_rates()
    nightly_backup()


if __name__ == "__main__":
    main()
